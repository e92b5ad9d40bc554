//! Arabic versions of some demo content: what Arabic-speaking newcomers look for first
//! (Italian classes, the immigration desk, digital help, tenants' matters). The rest
//! shows in Italian, as real content does until someone translates it.

/// An activity's title, description and how to join, by its Italian title.
pub fn activity(it_title: &str) -> Option<[&'static str; 3]> {
    Some(match it_title {
        "Italiano per tutti" => [
            "الإيطالية للجميع",
            "دروس في اللغة الإيطالية للكبار، مستوى المبتدئين. نتعلم بالحديث عن الحياة اليومية.",
            "سجّلوا في مكتب الاستقبال أو بالهاتف أو هنا في التطبيق. الأماكن محدودة.",
        ],
        "Aiuto digitale per gli inquilini" => [
            "مساعدة رقمية للمستأجرين",
            "مساعدة في استعمال الخدمات على الإنترنت لسكان المساكن الشعبية: طلبات الإصلاح، الفواتير، إعلانات السكن، الملف الصحي.",
            "تعالوا في الأوقات المذكورة، بدون حجز.",
        ],
        "Punto digitale: SPID, CIE e domande online" => [
            "نقطة المساعدة الرقمية: SPID وبطاقة الهوية الإلكترونية والطلبات على الإنترنت",
            "يساعدكم ميسّر رقمي على تفعيل SPID واستعمال بطاقة الهوية الإلكترونية وحجز المواعيد الطبية وتقديم الطلبات على الإنترنت.",
            "احجزوا موعدًا. أحضروا بطاقة الهوية والبطاقة الصحية وهاتفكم.",
        ],
        "Sportello inquilini" => [
            "مكتب المستأجرين",
            "الإبلاغ عن الأعطال ومشاكل العمارة، ومعلومات عن الإيجار والديون وتغيير السكن.",
            "تعالوا في الأوقات المذكورة، بدون حجز.",
        ],
        "Ufficio del benvenuto" => {
            ["مكتب الترحيب", "مكان للقادمين الجدد إلى الحي: من تسأل، وأين تذهب، وكيف تبدأ.", "تعالوا في الأوقات المذكورة، بدون حجز."]
        }
        _ => return None,
    })
}

/// A service's name, description and how to access it, by its demo key.
pub fn service(key: &str) -> Option<[&'static str; 3]> {
    Some(match key {
        "italiano" => [
            "دروس اللغة الإيطالية للأجانب",
            "دروس مجانية في اللغة الإيطالية من مستوى المبتدئين، صباحًا ومساءً، مع رعاية للأطفال.",
            "اختبار المستوى يوم الاثنين الأول من كل شهر، بدون موعد.",
        ],
        "immigrazione" => {
            ["مكتب الهجرة", "معلومات ومساعدة في تصريح الإقامة وتجديده ولمّ الشمل العائلي والجنسية.", "بموعد؛ يوم الثلاثاء بدون موعد أيضًا."]
        }
        "caf" => [
            "مكتب المساعدة الضريبية (CAF)",
            "مساعدة في ISEE والتصريح الضريبي والتقاعد والمنحة الموحدة للأطفال والمساعدات. يملأ الموظفون الطلبات ويرسلونها معكم.",
            "بموعد، بالهاتف أو في المكتب.",
        ],
        _ => return None,
    })
}

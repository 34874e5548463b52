<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Activities</name>
    <message>
        <source>Low</source>
        <translation>Низкий</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Обычный</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Высокий</translation>
    </message>
</context>
<context>
    <name>ActivityActions</name>
    <message>
        <source>“%1” repeats. Which occurrences?</source>
        <translation>Дело «%1» повторяется. Какие повторения затронуть?</translation>
    </message>
    <message>
        <source>This occurrence</source>
        <translation>Только это</translation>
    </message>
    <message>
        <source>This and the following</source>
        <translation>Это и следующие</translation>
    </message>
    <message>
        <source>All occurrences</source>
        <translation>Все повторения</translation>
    </message>
    <message>
        <source>Move the recurring activity</source>
        <translation>Перенести повторяющееся дело</translation>
    </message>
    <message>
        <source>Delete the recurring activity</source>
        <translation>Удалить повторяющееся дело</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>1 day</source>
        <translation>1 день</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>At the start</source>
        <translation>В момент начала</translation>
    </message>
    <message>
        <source>%1 after the start</source>
        <translation>Через %1 после начала</translation>
    </message>
    <message>
        <source>%1 before</source>
        <translation>За %1</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>No duration</source>
        <translation>Без длительности</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>Без напоминания</translation>
    </message>
    <message>
        <source>A whole day reminds from %1 that day.</source>
        <translation>Напоминание отсчитывается от %1 этого дня.</translation>
    </message>
    <message>
        <source>Does not repeat</source>
        <translation>Не повторять</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Ежедневно</translation>
    </message>
    <message>
        <source>Every working day (Monday to Friday)</source>
        <translation>По рабочим дням (пн–пт)</translation>
    </message>
    <message>
        <source>Weekly on chosen days</source>
        <translation>Еженедельно по выбранным дням</translation>
    </message>
    <message>
        <source>Monthly on a day</source>
        <translation>Ежемесячно в указанный день</translation>
    </message>
    <message>
        <source>Every year</source>
        <translation>Ежегодно</translation>
    </message>
    <message>
        <source>Every N days, weeks or months</source>
        <translation>Каждые N дней, недель или месяцев</translation>
    </message>
    <message>
        <source>days</source>
        <translation>дн.</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>нед.</translation>
    </message>
    <message>
        <source>months</source>
        <translation>мес.</translation>
    </message>
    <message>
        <source>years</source>
        <translation>г.</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>On a date</source>
        <translation>В указанную дату</translation>
    </message>
    <message>
        <source>After a number of times</source>
        <translation>После числа повторений</translation>
    </message>
    <message>
        <source> times</source>
        <translation> повт.</translation>
    </message>
    <message>
        <source>No deal</source>
        <translation>Без сделки</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Чек-лист</translation>
    </message>
    <message>
        <source>No steps yet. Add them below: they are ticked off one by one.</source>
        <translation>Пунктов пока нет. Добавьте их ниже и отмечайте по мере выполнения.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Show the current version of the activity (what you changed here is lost)</source>
        <translation>Показать актуальную версию дела (ваши изменения здесь будут потеряны)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Сохранить (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Record the result and mark the activity done</source>
        <translation>Записать результат и отметить дело как выполненное</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Возобновить</translation>
    </message>
    <message>
        <source>Mark the activity as planned again</source>
        <translation>Снова отметить дело как запланированное</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Move the activity to the trash</source>
        <translation>Переместить дело в корзину</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Activity — %1</source>
        <translation>Дело — %1</translation>
    </message>
    <message>
        <source>Occurrence of a recurring activity. Saving asks whether to change this occurrence, this and the following ones, or all of them.</source>
        <translation>Это одно из повторений дела. При сохранении вы выберете, что изменить: только его, его и следующие или все повторения.</translation>
    </message>
    <message>
        <source>A recurring activity: what you change here applies to all its occurrences.</source>
        <translation>Повторяющееся дело: изменения применятся ко всем его повторениям.</translation>
    </message>
    <message>
        <source>Done %1.</source>
        <translation>Выполнено %1.</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Результат: %1</translation>
    </message>
    <message>
        <source>At %1</source>
        <translation>В %1</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Я</translation>
    </message>
    <message>
        <source>Give the activity a date to remind of it or repeat it</source>
        <translation>Укажите дату дела, чтобы настроить напоминание или повтор</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>до %1</translation>
    </message>
    <message>
        <source>Enter the subject: what is to be done.</source>
        <translation>Введите тему: что нужно сделать.</translation>
    </message>
    <message>
        <source>The end is before the start.</source>
        <translation>Окончание раньше начала.</translation>
    </message>
    <message>
        <source>An activity cannot last more than 14 days.</source>
        <translation>Дело не может длиться больше 14 дней.</translation>
    </message>
    <message>
        <source>Choose the organization from the list that opens as you type, or clear the field.</source>
        <translation>Выберите организацию из списка, который появляется при вводе, или очистите поле.</translation>
    </message>
    <message>
        <source>Choose the person from the list that opens as you type, or clear the field.</source>
        <translation>Выберите контакт из списка, который появляется при вводе, или очистите поле.</translation>
    </message>
    <message>
        <source>Check the repeat settings.</source>
        <translation>Проверьте настройки повтора.</translation>
    </message>
    <message>
        <source>Choose at least one day of the week.</source>
        <translation>Выберите хотя бы один день недели.</translation>
    </message>
    <message>
        <source>The repeat ends before the activity starts.</source>
        <translation>Повтор заканчивается раньше начала дела.</translation>
    </message>
    <message>
        <source>Save the recurring activity</source>
        <translation>Сохранить повторяющееся дело</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Someone else changed this activity after you opened it, so your changes were not saved. They are still here: copy what you need, then press Reload to see the current version.</source>
        <translation>Кто-то другой изменил это дело после того, как вы его открыли, поэтому ваши изменения не сохранены. Они всё ещё здесь: скопируйте нужное и нажмите «Обновить», чтобы увидеть актуальную версию.</translation>
    </message>
    <message>
        <source>This activity no longer exists (perhaps it was deleted). What you typed is still here: copy what you need.</source>
        <translation>Этого дела больше нет (возможно, его удалили). Введённые данные всё ещё здесь: скопируйте нужное.</translation>
    </message>
    <message>
        <source>Close without saving? What you typed in this activity will be lost.</source>
        <translation>Закрыть без сохранения? Всё, что вы ввели в этом деле, будет потеряно.</translation>
    </message>
</context>
<context>
    <name>ActivityForm</name>
    <message>
        <source>Activity</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Тема:</translation>
    </message>
    <message>
        <source>e.g. Call about the delivery terms</source>
        <translation>например, Звонок об условиях поставки</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>Т&amp;ип:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Приоритет:</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Когда:</translation>
    </message>
    <message>
        <source>At a &amp;time</source>
        <translation>Точное &amp;время</translation>
    </message>
    <message>
        <source>&amp;All day</source>
        <translation>Весь &amp;день</translation>
    </message>
    <message>
        <source>&amp;No date</source>
        <translation>&amp;Без даты</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>Д&amp;ата:</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>Время начала</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>Время окончания</translation>
    </message>
    <message>
        <source>How long it takes: sets the end time</source>
        <translation>Длительность: задаёт время окончания</translation>
    </message>
    <message>
        <source>&amp;Organization:</source>
        <translation>Ор&amp;ганизация:</translation>
    </message>
    <message>
        <source>Type a name, phone or INN</source>
        <translation>Введите название, телефон или ИНН</translation>
    </message>
    <message>
        <source>Contact &amp;person:</source>
        <translation>&amp;Контактное лицо:</translation>
    </message>
    <message>
        <source>Type a name or phone</source>
        <translation>Введите имя или телефон</translation>
    </message>
    <message>
        <source>D&amp;eal:</source>
        <translation>&amp;Сделка:</translation>
    </message>
    <message>
        <source>The client&apos;s open deals</source>
        <translation>Открытые сделки клиента</translation>
    </message>
    <message>
        <source>&amp;Responsible:</source>
        <translation>Отв&amp;етственный:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Место:</translation>
    </message>
    <message>
        <source>Address, room or a link to the call</source>
        <translation>Адрес, переговорная или ссылка на звонок</translation>
    </message>
    <message>
        <source>Descr&amp;iption:</source>
        <translation>&amp;Описание:</translation>
    </message>
    <message>
        <source>What to discuss, what to prepare</source>
        <translation>Что обсудить, что подготовить</translation>
    </message>
    <message>
        <source>Reminder and repeat</source>
        <translation>Напоминание и повтор</translation>
    </message>
    <message>
        <source>Re&amp;minder:</source>
        <translation>&amp;Напоминание:</translation>
    </message>
    <message>
        <source>Rep&amp;eat:</source>
        <translation>Повто&amp;р:</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>Интервал:</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>Дни недели:</translation>
    </message>
    <message>
        <source>Day of the month:</source>
        <translation>День месяца:</translation>
    </message>
    <message>
        <source>Ends:</source>
        <translation>Окончание:</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Чек-лист</translation>
    </message>
    <message>
        <source>Tick what is done; double-click to rename; drag to reorder</source>
        <translation>Отмечайте выполненное; дважды щёлкните, чтобы переименовать; перетащите, чтобы изменить порядок</translation>
    </message>
    <message>
        <source>Add an item and press Enter</source>
        <translation>Введите пункт и нажмите Enter</translation>
    </message>
    <message>
        <source>Add the item</source>
        <translation>Добавить пункт</translation>
    </message>
    <message>
        <source>Move the item up</source>
        <translation>Переместить пункт вверх</translation>
    </message>
    <message>
        <source>Move the item down</source>
        <translation>Переместить пункт вниз</translation>
    </message>
    <message>
        <source>Delete the item</source>
        <translation>Удалить пункт</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>The client base cannot be opened.</source>
        <translation>Не удаётся открыть клиентскую базу.</translation>
    </message>
    <message>
        <source>Open another base file, or quit and try again later.</source>
        <translation>Откройте другой файл базы или закройте программу и попробуйте позже.</translation>
    </message>
    <message>
        <source>Open another base…</source>
        <translation>Открыть другую базу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Open a client base</source>
        <translation>Открыть клиентскую базу</translation>
    </message>
    <message>
        <source>CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Базы CRM Desktop (*.sqlite3 *.sqlite *.db);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Creating the demo base…</source>
        <translation>Создаётся демонстрационная база…</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>This base is open read-only: %1. Changes cannot be saved.</source>
        <translation>Эта база открыта только для чтения: %1. Изменения сохранить нельзя.</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Something went wrong and the operation was not completed. Your data is safe: nothing was saved. Please report the details below.</source>
        <translation>Что-то пошло не так, и операция не была выполнена. Ваши данные в безопасности: ничего не сохранено. Пожалуйста, сообщите подробности, приведённые ниже.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Merged into</source>
        <translation>Объединено с</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Валюта</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Вероятность</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Ожидаемое закрытие</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрыта</translation>
    </message>
    <message>
        <source>Loss reason</source>
        <translation>Причина отказа</translation>
    </message>
    <message>
        <source>Competitor</source>
        <translation>Конкурент</translation>
    </message>
    <message>
        <source>Loss comment</source>
        <translation>Комментарий к отказу</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Окончание</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Повторяется</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Этапы</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>В архиве</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>May export</source>
        <translation>Может экспортировать</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Team mode</source>
        <translation>Командный режим</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создание</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Moved to trash</source>
        <translation>Перемещение в корзину</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Восстановление</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удаление</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Объединение</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Передача</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>on</source>
        <translation>вкл.</translation>
    </message>
    <message>
        <source>off</source>
        <translation>выкл.</translation>
    </message>
    <message>
        <source>(set)</source>
        <translation>(задан)</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Менеджер</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Помощник</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>Журнал изменений</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Все пользователи</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>Выбрать даты…</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>Все записи</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Все действия</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Пользователь:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>Записи:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Действие:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Only “%1”</source>
        <translation>Только «%1»</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>No entries match these filters.</source>
        <translation>Нет записей, подходящих под эти фильтры.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries (the newest %1 shown; scroll for more)</source>
        <translation>
            <numerusform>%n запись (показаны последние %1; прокрутите, чтобы загрузить ещё)</numerusform>
            <numerusform>%n записи (показаны последние %1; прокрутите, чтобы загрузить ещё)</numerusform>
            <numerusform>%n записей (показаны последние %1; прокрутите, чтобы загрузить ещё)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n запись</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записей</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Старое значение</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Новое значение</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
</context>
<context>
    <name>BackupSettingsDialog</name>
    <message>
        <source>Backup settings</source>
        <translation>Настройки резервного копирования</translation>
    </message>
</context>
<context>
    <name>BackupSettingsForm</name>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Back up when the program starts (once a day)</source>
        <translation>Делать копию при запуске программы (раз в день)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> нед.</translation>
    </message>
    <message>
        <source> months</source>
        <translation> мес.</translation>
    </message>
    <message>
        <source>Backup folder:</source>
        <translation>Папка копий:</translation>
    </message>
    <message>
        <source>Daily backups kept:</source>
        <translation>Хранить ежедневных копий:</translation>
    </message>
    <message>
        <source>Weekly backups kept:</source>
        <translation>Хранить еженедельных копий:</translation>
    </message>
    <message>
        <source>Monthly backups kept:</source>
        <translation>Хранить ежемесячных копий:</translation>
    </message>
    <message>
        <source>Backups before an import, upgrade or restore:</source>
        <translation>Копий перед импортом, обновлением или восстановлением:</translation>
    </message>
    <message>
        <source>Manual backups:</source>
        <translation>Ручных копий:</translation>
    </message>
    <message>
        <source>Every backup is checked (integrity and row counts) before it gets its name. The newest verified backup is never removed.</source>
        <translation>Каждая копия проверяется (целостность и число строк), прежде чем получит своё имя. Самая новая проверенная копия никогда не удаляется.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Папка копий</translation>
    </message>
    <message>
        <source>The backup folder “%1” is a file, not a folder.</source>
        <translation>«%1» — это файл, а не папка для копий.</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Go to today (Ctrl+T)</source>
        <translation>Перейти к сегодняшнему дню (Ctrl+T)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>One day by the hour</source>
        <translation>Один день по часам</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>Monday to Sunday by the hour</source>
        <translation>С понедельника по воскресенье по часам</translation>
    </message>
    <message>
        <source>Work week</source>
        <translation>Рабочая неделя</translation>
    </message>
    <message>
        <source>Monday to Friday</source>
        <translation>С понедельника по пятницу</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <source>Six weeks around the month</source>
        <translation>Месяц целиком: шесть недель</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Список дел</translation>
    </message>
    <message>
        <source>A list of the coming 30 days</source>
        <translation>Дела на ближайшие 30 дней списком</translation>
    </message>
    <message>
        <source>New activity…</source>
        <translation>Новое дело…</translation>
    </message>
    <message>
        <source>Plan a call, a meeting or a to-do</source>
        <translation>Запланировать звонок, встречу или задачу</translation>
    </message>
    <message>
        <source>Go to a date</source>
        <translation>Перейти к дате</translation>
    </message>
    <message>
        <source>&amp;Go to:</source>
        <translation>&amp;Перейти к:</translation>
    </message>
    <message>
        <source>Only the activities of this user</source>
        <translation>Только дела этого пользователя</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Все пользователи</translation>
    </message>
    <message>
        <source>Which kinds of activities to show</source>
        <translation>Какие типы дел показывать</translation>
    </message>
    <message>
        <source>Show all kinds</source>
        <translation>Показать все типы</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>Предыдущий день</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>Следующий день</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>Предыдущая неделя</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Следующая неделя</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>Предыдущий месяц</translation>
    </message>
    <message>
        <source>Next month</source>
        <translation>Следующий месяц</translation>
    </message>
    <message>
        <source>The 30 days before</source>
        <translation>Предыдущие 30 дней</translation>
    </message>
    <message>
        <source>The 30 days after</source>
        <translation>Следующие 30 дней</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Все типы</translation>
    </message>
    <message>
        <source>Kinds: %1 of %2</source>
        <translation>Типы: %1 из %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message numerus="yes">
        <source>%n activities</source>
        <translation>
            <numerusform>%n дело</numerusform>
            <numerusform>%n дела</numerusform>
            <numerusform>%n дел</numerusform>
        </translation>
    </message>
    <message>
        <source>No activities in this period</source>
        <translation>За этот период дел нет</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>просрочено: %n</numerusform>
            <numerusform>просрочено: %n</numerusform>
            <numerusform>просрочено: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Move to the trash</source>
        <translation>Переместить в корзину</translation>
    </message>
    <message>
        <source>Move “%1” to the trash? It can be restored from there.</source>
        <translation>Переместить дело «%1» в корзину? Его можно будет оттуда восстановить.</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation>&amp;Возобновить</translation>
    </message>
    <message>
        <source>Mark &amp;done…</source>
        <translation>&amp;Завершить…</translation>
    </message>
    <message>
        <source>Move to the &amp;trash…</source>
        <translation>Переместить в &amp;корзину…</translation>
    </message>
    <message>
        <source>&amp;New activity here…</source>
        <translation>&amp;Новое дело здесь…</translation>
    </message>
</context>
<context>
    <name>CalendarSettingsPage</name>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>Без напоминания</translation>
    </message>
    <message>
        <source>Working hours:</source>
        <translation>Рабочие часы:</translation>
    </message>
    <message>
        <source>&amp;First day of the week:</source>
        <translation>&amp;Первый день недели:</translation>
    </message>
    <message>
        <source>&amp;Reminder of a new activity:</source>
        <translation>&amp;Напоминание нового дела:</translation>
    </message>
    <message>
        <source>The calendar shades the hours outside the working day and opens at its start. Weeks and months begin on the chosen day. A new call, meeting or to-do gets the chosen reminder; it can be changed in the activity itself.</source>
        <translation>Календарь затеняет часы вне рабочего дня и открывается на его начале. Недели и месяцы начинаются с выбранного дня. Новый звонок, встреча или задача получают выбранное напоминание; его можно изменить в самом деле.</translation>
    </message>
    <message>
        <source>The working day must end after it starts (now %1 – %2).</source>
        <translation>Рабочий день должен заканчиваться позже, чем начинается (сейчас %1 – %2).</translation>
    </message>
</context>
<context>
    <name>CalendarViews</name>
    <message>
        <source>No date</source>
        <translation>Без даты</translation>
    </message>
    <message>
        <source>%1, all day</source>
        <translation>%1, весь день</translation>
    </message>
    <message>
        <source>Client: %1</source>
        <translation>Клиент: %1</translation>
    </message>
    <message>
        <source>Deal: %1</source>
        <translation>Сделка: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Ответственный: %1</translation>
    </message>
    <message>
        <source>Where: %1</source>
        <translation>Место: %1</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Повторяется</translation>
    </message>
    <message>
        <source>Checklist: %1 of %2 done</source>
        <translation>Чек-лист: выполнено %1 из %2</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Результат: %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Show the whole day</source>
        <translation>Показать весь день</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>Весь день</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>ещё %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Today, %1</source>
        <translation>Сегодня, %1</translation>
    </message>
    <message>
        <source>Tomorrow, %1</source>
        <translation>Завтра, %1</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>“%1” is not an email address.</source>
        <translation>«%1» — не адрес электронной почты.</translation>
    </message>
    <message>
        <source>Not a valid INN: 10 digits for a company, 12 for a person, with a correct check digit.</source>
        <translation>Некорректный ИНН: 10 цифр для организации, 12 для физического лица, с верной контрольной цифрой.</translation>
    </message>
    <message>
        <source>Loading the card…</source>
        <translation>Загрузка карточки…</translation>
    </message>
    <message>
        <source>Looking for cards like this one…</source>
        <translation>Поиск похожих карточек…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Someone else changed this card after you opened it, so your changes were not saved. They are still here: copy what you need, close this window and open the card again to see the current version.</source>
        <translation>Кто-то другой изменил эту карточку после того, как вы её открыли, поэтому ваши изменения не сохранены. Они всё ещё здесь: скопируйте нужное, закройте окно и откройте карточку снова, чтобы увидеть актуальную версию.</translation>
    </message>
    <message>
        <source>Close without saving? What you typed in this card will be lost.</source>
        <translation>Закрыть без сохранения? Всё, что вы ввели в этой карточке, будет потеряно.</translation>
    </message>
</context>
<context>
    <name>CardView</name>
    <message>
        <source>Tip: press Ctrl+K and type any part of a name, phone number, email or INN.</source>
        <translation>Совет: нажмите Ctrl+K и введите любую часть имени, номера телефона, email или ИНН.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Take this card out of the trash</source>
        <translation>Вернуть эту карточку из корзины</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Edit this card</source>
        <translation>Изменить эту карточку</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>Новая сделка</translation>
    </message>
    <message>
        <source>Start a deal with this client</source>
        <translation>Создать сделку с этим клиентом</translation>
    </message>
    <message>
        <source>Plan activity</source>
        <translation>Запланировать дело</translation>
    </message>
    <message>
        <source>Plan a call, meeting or task with this client</source>
        <translation>Запланировать звонок, встречу или задачу с этим клиентом</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Loading older entries…</source>
        <translation>Загрузка более ранних записей…</translation>
    </message>
    <message>
        <source>No calls, meetings, notes or deals yet. They will appear here.</source>
        <translation>Пока нет звонков, встреч, заметок и сделок. Они появятся здесь.</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Хронология</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>Select an organization or a person to see the card</source>
        <translation>Выберите организацию или контакт, чтобы увидеть карточку</translation>
    </message>
    <message>
        <source>This card no longer exists.</source>
        <translation>Этой карточки больше нет.</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>INN %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Private person</source>
        <translation>Частное лицо</translation>
    </message>
    <message>
        <source>Restore the card from the trash to edit it</source>
        <translation>Восстановите карточку из корзины, чтобы изменить её</translation>
    </message>
    <message>
        <source>This card is in the trash (deleted %1). Restore it to work with it again.</source>
        <translation>Эта карточка в корзине (удалена %1). Восстановите её, чтобы снова с ней работать.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>No phones or emails yet. Use Edit to add them.</source>
        <translation>Пока нет телефонов и email. Добавьте их через «Изменить».</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests and notes</source>
        <translation>Интересы и заметки</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Created %1 · Updated %2</source>
        <translation>Создано %1 · Изменено %2</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <source>home</source>
        <translation>домашний</translation>
    </message>
    <message>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <source>Not a valid number — kept as typed</source>
        <translation>Некорректный номер — сохранён как введён</translation>
    </message>
    <message>
        <source>E.164: %1</source>
        <translation>E.164: %1</translation>
    </message>
    <message>
        <source>As typed: %1</source>
        <translation>Как введено: %1</translation>
    </message>
    <message>
        <source>ext. %1</source>
        <translation>доб. %1</translation>
    </message>
    <message>
        <source>personal</source>
        <translation>личный</translation>
    </message>
    <message>
        <source>Write an email</source>
        <translation>Написать письмо</translation>
    </message>
    <message>
        <source>%1 (age %2)</source>
        <translation>%1 (возраст %2)</translation>
    </message>
    <message>
        <source>People (%1)</source>
        <translation>Контактные лица (%1)</translation>
    </message>
    <message>
        <source>Nobody from this organization yet.</source>
        <translation>Пока нет контактных лиц этой организации.</translation>
    </message>
    <message>
        <source>…and %1 more</source>
        <translation>…и ещё %1</translation>
    </message>
</context>
<context>
    <name>CompetitorDialog</name>
    <message>
        <source>Competitor — %1</source>
        <translation>Конкурент — %1</translation>
    </message>
    <message>
        <source>New competitor</source>
        <translation>Новый конкурент</translation>
    </message>
    <message>
        <source>Enter the competitor&apos;s name.</source>
        <translation>Введите название конкурента.</translation>
    </message>
    <message>
        <source>Someone else changed this competitor after you opened it, so your changes were not saved. Close this window and open it again to see the current one.</source>
        <translation>Кто-то другой изменил этого конкурента после того, как вы его открыли, поэтому ваши изменения не сохранены. Закройте это окно и откройте конкурента снова, чтобы увидеть актуальную версию.</translation>
    </message>
    <message>
        <source>Close without saving? What you typed will be lost.</source>
        <translation>Закрыть без сохранения? Введённые данные будут потеряны.</translation>
    </message>
</context>
<context>
    <name>CompetitorForm</name>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. Vector LLC</source>
        <translation>например, ООО «Вектор»</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Сайт:</translation>
    </message>
    <message>
        <source>example.com</source>
        <translation>example.com</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Заметки:</translation>
    </message>
    <message>
        <source>Prices, strengths, whom they usually win</source>
        <translation>Цены, сильные стороны, каких клиентов обычно выигрывает</translation>
    </message>
</context>
<context>
    <name>CompetitorsDialog</name>
    <message>
        <source>Competitors</source>
        <translation>Конкуренты</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Won 1 deal from us, worth %1.</source>
        <translation>Выиграл у нас 1 сделку на сумму %1.</translation>
    </message>
    <message numerus="yes">
        <source>Won %n deals from us, worth %1 in all.</source>
        <translation>
            <numerusform>Выиграл у нас %n сделку на общую сумму %1.</numerusform>
            <numerusform>Выиграл у нас %n сделки на общую сумму %1.</numerusform>
            <numerusform>Выиграл у нас %n сделок на общую сумму %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Has not won a deal from us yet.</source>
        <translation>Пока не выиграл у нас ни одной сделки.</translation>
    </message>
    <message>
        <source>Delete the competitor “%1”? The deal lost to it keeps its name.</source>
        <translation>Удалить конкурента «%1»? В проигранной ему сделке его название сохранится.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the competitor “%1”? The %n deals lost to it keep its name.</source>
        <translation>
            <numerusform>Удалить конкурента «%1»? В %n проигранной ему сделке его название сохранится.</numerusform>
            <numerusform>Удалить конкурента «%1»? В %n проигранных ему сделках его название сохранится.</numerusform>
            <numerusform>Удалить конкурента «%1»? В %n проигранных ему сделках его название сохранится.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the competitor “%1”?</source>
        <translation>Удалить конкурента «%1»?</translation>
    </message>
</context>
<context>
    <name>CompetitorsForm</name>
    <message>
        <source>Find a competitor</source>
        <translation>Найти конкурента</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Deals we lost to this competitor (double-click to open):</source>
        <translation>Сделки, проигранные этому конкуренту (двойной щелчок — открыть):</translation>
    </message>
    <message>
        <source>No deal has been lost to this competitor yet.</source>
        <translation>Этому конкуренту пока не проиграно ни одной сделки.</translation>
    </message>
    <message>
        <source>Select a competitor to see the deals it won from us.</source>
        <translation>Выберите конкурента, чтобы увидеть сделки, которые он у нас выиграл.</translation>
    </message>
</context>
<context>
    <name>CompetitorsModel</name>
    <message>
        <source>Competitor</source>
        <translation>Конкурент</translation>
    </message>
    <message>
        <source>Deals won</source>
        <translation>Выиграл</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Сумма</translation>
    </message>
</context>
<context>
    <name>CompletionDialog</name>
    <message>
        <source>Mark as done</source>
        <translation>Завершить дело</translation>
    </message>
    <message>
        <source>&amp;Result (what was agreed, what happened):</source>
        <translation>&amp;Результат (о чём договорились, что произошло):</translation>
    </message>
    <message>
        <source>e.g. Agreed to send the proposal by Friday. Optional.</source>
        <translation>Например: договорились отправить КП до пятницы. Можно не заполнять.</translation>
    </message>
    <message>
        <source>&amp;Plan the next step</source>
        <translation>&amp;Запланировать следующий шаг</translation>
    </message>
    <message>
        <source>Open a new call with this client after saving</source>
        <translation>После сохранения открыть новый звонок этому клиенту</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>The result is longer than %1 characters.</source>
        <translation>Результат длиннее %1 символов.</translation>
    </message>
    <message>
        <source>Someone else changed this activity after it was shown here, so it was not marked done. Close this window and open the activity again.</source>
        <translation>Кто-то другой изменил это дело, пока оно было открыто здесь, поэтому оно не завершено. Закройте это окно и откройте дело снова.</translation>
    </message>
    <message>
        <source>This activity no longer exists (perhaps it was deleted).</source>
        <translation>Этого дела больше нет (возможно, его удалили).</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Name</source>
        <translation>Имя или название</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Вероятность</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Ожидаемое закрытие</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Дата и время</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Повторяется</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Someone else changed this record</source>
        <translation>Запись изменил другой пользователь</translation>
    </message>
    <message>
        <source>Another user</source>
        <translation>Другой пользователь</translation>
    </message>
    <message>
        <source>%1 saved this record at %2, after you opened it.</source>
        <translation>%1: запись сохранена в %2, уже после того как вы её открыли.</translation>
    </message>
    <message>
        <source>%1 saved this record after you opened it.</source>
        <translation>%1: запись сохранена уже после того, как вы её открыли.</translation>
    </message>
    <message numerus="yes">
        <source>Both of you changed %n fields. Your other changes will be saved as well; choose which value to keep here.</source>
        <translation>
            <numerusform>Вы оба изменили %n поле. Остальные ваши изменения тоже будут сохранены; выберите, какое значение оставить здесь.</numerusform>
            <numerusform>Вы оба изменили %n поля. Остальные ваши изменения тоже будут сохранены; выберите, какие значения оставить здесь.</numerusform>
            <numerusform>Вы оба изменили %n полей. Остальные ваши изменения тоже будут сохранены; выберите, какие значения оставить здесь.</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation>При открытии</translation>
    </message>
    <message>
        <source>Now (%1)</source>
        <translation>Сейчас (%1)</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ваше значение</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Их значение</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Ваше значение</translation>
    </message>
    <message>
        <source>Use all theirs</source>
        <translation>Принять все их значения</translation>
    </message>
    <message>
        <source>Use all mine</source>
        <translation>Оставить все ваши значения</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Back to editing</source>
        <translation>Вернуться к редактированию</translation>
    </message>
    <message>
        <source>Not saved: someone else changed the same fields. Press Save again to choose whose values to keep.</source>
        <translation>Не сохранено: другой пользователь изменил те же поля. Нажмите «Сохранить» ещё раз, чтобы выбрать, чьи значения оставить.</translation>
    </message>
</context>
<context>
    <name>ContactFields</name>
    <message>
        <source>Mobile</source>
        <translation>Мобильный</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Рабочий</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Домашний</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другой</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Личный</translation>
    </message>
    <message>
        <source>too short, no area code?</source>
        <translation>слишком короткий, нет кода города?</translation>
    </message>
    <message>
        <source>too many digits</source>
        <translation>слишком много цифр</translation>
    </message>
    <message>
        <source>not a phone number</source>
        <translation>не номер телефона</translation>
    </message>
    <message>
        <source>no such number</source>
        <translation>такого номера не существует</translation>
    </message>
    <message>
        <source>digits lost (Excel&apos;s 7.9E+10 form)</source>
        <translation>цифры потеряны (формат Excel 7.9E+10)</translation>
    </message>
    <message>
        <source>several numbers</source>
        <translation>несколько номеров</translation>
    </message>
    <message>
        <source>not recognised</source>
        <translation>не распознан</translation>
    </message>
    <message>
        <source>ext.</source>
        <translation>доб.</translation>
    </message>
</context>
<context>
    <name>ContactTreeModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Последний контакт</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Private persons (%1)</source>
        <translation>Частные лица (%1)</translation>
    </message>
    <message>
        <source>People who do not belong to any organization</source>
        <translation>Контакты, не относящиеся ни к одной организации</translation>
    </message>
    <message>
        <source>%1 is not a valid phone number: it is kept as typed and cannot be dialled.</source>
        <translation>%1 — некорректный номер телефона: он сохранён как введён, и позвонить на него нельзя.</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Select a contact to see its card.</source>
        <translation>Выберите контакт, чтобы увидеть его карточку.</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Move to the &amp;trash…</source>
        <translation>Переместить в &amp;корзину…</translation>
    </message>
    <message>
        <source>New &amp;person in this organization…</source>
        <translation>Новое &amp;контактное лицо в этой организации…</translation>
    </message>
    <message>
        <source>&amp;Merge the two selected…</source>
        <translation>&amp;Объединить две выбранные…</translation>
    </message>
    <message>
        <source>&amp;Undo the last merge…</source>
        <translation>&amp;Отменить последнее объединение…</translation>
    </message>
    <message>
        <source>&amp;Rename segment…</source>
        <translation>&amp;Переименовать сегмент…</translation>
    </message>
    <message>
        <source>&amp;Delete segment…</source>
        <translation>&amp;Удалить сегмент…</translation>
    </message>
    <message>
        <source>Segment “%3”: %1 organizations, %2 private persons</source>
        <translation>Сегмент «%3»: организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>Filtered: %1 organizations, %2 private persons</source>
        <translation>Отфильтровано: организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>%1 organizations, %2 private persons</source>
        <translation>Организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Сегменты</translation>
    </message>
    <message>
        <source>Save as segment</source>
        <translation>Сохранить как сегмент</translation>
    </message>
    <message>
        <source>Choose a filter first: a segment remembers the filter under a name.</source>
        <translation>Сначала задайте фильтр: сегмент запоминает фильтр под именем.</translation>
    </message>
    <message>
        <source>Name of the segment:</source>
        <translation>Название сегмента:</translation>
    </message>
    <message>
        <source>Saving the segment…</source>
        <translation>Сохранение сегмента…</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>Переименовать сегмент</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>Удалить сегмент</translation>
    </message>
    <message>
        <source>Delete the segment “%1”? The contacts it shows are not touched.</source>
        <translation>Удалить сегмент «%1»? Контакты, входящие в него, не затрагиваются.</translation>
    </message>
    <message>
        <source>Move %1 to the trash? The people of an organization go to the trash with it.</source>
        <translation>Переместить %1 в корзину? Контактные лица организации будут перемещены в корзину вместе с ней.</translation>
    </message>
    <message>
        <source>Move %1 to the trash?</source>
        <translation>Переместить %1 в корзину?</translation>
    </message>
    <message>
        <source>Move to the trash</source>
        <translation>Переместить в корзину</translation>
    </message>
    <message>
        <source>Moving to the trash…</source>
        <translation>Перемещение в корзину…</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>PostgreSQL server</source>
        <translation>Сервер PostgreSQL</translation>
    </message>
    <message>
        <source>server name or IP address, e.g. crm-server</source>
        <translation>имя сервера или IP-адрес, например crm-server</translation>
    </message>
    <message>
        <source>Off — no encryption</source>
        <translation>Выкл. — без шифрования</translation>
    </message>
    <message>
        <source>Prefer — encrypt when the server can</source>
        <translation>Предпочтительно — шифровать, если сервер поддерживает</translation>
    </message>
    <message>
        <source>Require — always encrypt</source>
        <translation>Обязательно — всегда шифровать</translation>
    </message>
    <message>
        <source>Verify — encrypt and check the server&apos;s certificate</source>
        <translation>С проверкой — шифровать и проверять сертификат сервера</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>База данных:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Пользователь:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Encryption (SSL):</source>
        <translation>Шифрование (SSL):</translation>
    </message>
    <message>
        <source>The password is kept on this computer in %1, readable only by your user account — not in the settings file.</source>
        <translation>Пароль хранится на этом компьютере в %1 и доступен только вашей учётной записи; в файл настроек он не записывается.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Проверить подключение</translation>
    </message>
    <message>
        <source>&amp;Create the schema</source>
        <translation>&amp;Создать схему</translation>
    </message>
    <message>
        <source>Creates the tables of CRM Desktop in an empty database.</source>
        <translation>Создаёт таблицы CRM Desktop в пустой базе данных.</translation>
    </message>
    <message>
        <source>&amp;Use this server</source>
        <translation>&amp;Использовать этот сервер</translation>
    </message>
    <message>
        <source>&amp;Back to the local file</source>
        <translation>&amp;Вернуться к локальному файлу</translation>
    </message>
    <message>
        <source>Work in the base file on this computer again (your own, not shared).</source>
        <translation>Снова работать с файлом базы на этом компьютере (личной, без общего доступа).</translation>
    </message>
    <message>
        <source>Enter the server&apos;s name or IP address.</source>
        <translation>Введите имя или IP-адрес сервера.</translation>
    </message>
    <message>
        <source>The port is a number from 1 to 65535 (usually 5432).</source>
        <translation>Порт — число от 1 до 65535 (обычно 5432).</translation>
    </message>
    <message>
        <source>Enter the name of the database on the server.</source>
        <translation>Введите имя базы данных на сервере.</translation>
    </message>
    <message>
        <source>Enter the user name (the PostgreSQL role).</source>
        <translation>Введите имя пользователя (роль PostgreSQL).</translation>
    </message>
    <message>
        <source>Now in use: %1.</source>
        <translation>Сейчас используется: %1.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Подключение к %1…</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Что-то пошло не так: %1</translation>
    </message>
    <message>
        <source>Creating the tables in %1…</source>
        <translation>Создание таблиц в %1…</translation>
    </message>
    <message>
        <source>The schema was created: the base on the server is ready. Click “Use this server” to work in it.</source>
        <translation>Схема создана: база на сервере готова. Нажмите «Использовать этот сервер», чтобы начать в ней работу.</translation>
    </message>
    <message>
        <source>Database server</source>
        <translation>Сервер базы данных</translation>
    </message>
    <message>
        <source>The base on the server is of an older version and will be upgraded. Other desktops with the older program cannot open it afterwards. Continue?</source>
        <translation>База на сервере старой версии и будет обновлена. После этого на других компьютерах со старой версией программы её нельзя будет открыть. Продолжить?</translation>
    </message>
    <message>
        <source>Opening the base on %1…</source>
        <translation>Открытие базы на %1…</translation>
    </message>
    <message>
        <source>Now working on the server %1. Other desktops&apos; changes show up when this window is activated and every 30 seconds.</source>
        <translation>Теперь вы работаете на сервере %1. Изменения с других компьютеров появляются при переходе в это окно и каждые 30 секунд.</translation>
    </message>
    <message>
        <source>There is no local base yet (%1). Create an empty one?</source>
        <translation>Локальной базы ещё нет (%1). Создать пустую?</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Открытие %1…</translation>
    </message>
    <message>
        <source>Now working in the local file again.</source>
        <translation>Вы снова работаете с локальным файлом.</translation>
    </message>
    <message>
        <source>Not signed in: the base in use did not change.</source>
        <translation>Вход не выполнен: используемая база не изменилась.</translation>
    </message>
    <message>
        <source>The settings cannot be saved: %1.</source>
        <translation>Не удаётся сохранить настройки: %1.</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsPage</name>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>Current base:</source>
        <translation>Текущая база:</translation>
    </message>
    <message>
        <source>Another base is opened with File → Open a base at start-up.</source>
        <translation>Другую базу можно открыть при запуске программы.</translation>
    </message>
</context>
<context>
    <name>DealCards</name>
    <message>
        <source>1 day</source>
        <translation>1 день</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Завтра</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <source>%1 · probability %2 %</source>
        <translation>%1 · вероятность %2 %</translation>
    </message>
    <message>
        <source>Stage: %1 (%2)</source>
        <translation>Этап: %1 (%2)</translation>
    </message>
    <message>
        <source>Owner: %1</source>
        <translation>Ответственный: %1</translation>
    </message>
    <message>
        <source>Expected close: %1</source>
        <translation>Ожидаемая дата закрытия: %1</translation>
    </message>
    <message>
        <source>Overdue: the next activity or the expected close date is past</source>
        <translation>Просрочено: срок следующего дела или ожидаемая дата закрытия уже прошли</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>No client</source>
        <translation>Без клиента</translation>
    </message>
    <message>
        <source>Won %1</source>
        <translation>Реализована %1</translation>
    </message>
    <message>
        <source>Lost %1</source>
        <translation>Не реализована %1</translation>
    </message>
    <message>
        <source>No planned activity</source>
        <translation>Нет запланированных дел</translation>
    </message>
    <message>
        <source>Drop the deal here</source>
        <translation>Перетащите сделку сюда</translation>
    </message>
    <message>
        <source>No deals</source>
        <translation>Нет сделок</translation>
    </message>
    <message>
        <source>%1: %2 deals
Sum: %3
Weighted sum (sum × probability): %4
Probability of the stage: %5 %</source>
        <translation>%1: сделок: %2
Сумма: %3
Взвешенная сумма (сумма × вероятность): %4
Вероятность этапа: %5 %</translation>
    </message>
    <message>
        <source>weighted %1</source>
        <translation>взвешенная %1</translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>New deal</source>
        <translation>Новая сделка</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>Plan a call, meeting or task for this deal</source>
        <translation>Запланировать звонок, встречу или задачу по этой сделке</translation>
    </message>
    <message>
        <source>Set up pipelines…</source>
        <translation>Настроить воронки…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Я</translation>
    </message>
    <message>
        <source>Deal — %1</source>
        <translation>Сделка — %1</translation>
    </message>
    <message>
        <source>Activities (%1)</source>
        <translation>Дела (%1)</translation>
    </message>
    <message>
        <source>Stage history (%1)</source>
        <translation>История этапов (%1)</translation>
    </message>
    <message>
        <source>Won on %1.</source>
        <translation>Успешно реализована %1.</translation>
    </message>
    <message>
        <source>Won.</source>
        <translation>Успешно реализована.</translation>
    </message>
    <message>
        <source>Lost on %1.</source>
        <translation>Закрыта и не реализована %1.</translation>
    </message>
    <message>
        <source>Lost.</source>
        <translation>Закрыта и не реализована.</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <source>Went to: %1</source>
        <translation>Ушла к конкуренту: %1</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Комментарий: %1</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (в архиве)</translation>
    </message>
    <message>
        <source>Use the stage&apos;s probability (%1 %); untick to set this deal&apos;s own</source>
        <translation>Использовать вероятность этапа (%1 %); снимите флажок, чтобы задать свою для этой сделки</translation>
    </message>
    <message>
        <source>There is no sales pipeline yet. Set one up with its stages, then save the deal.</source>
        <translation>Воронки продаж пока нет. Настройте воронку и её этапы, а затем сохраните сделку.</translation>
    </message>
    <message>
        <source>Choose the organization from the list that opens as you type, or clear the field.</source>
        <translation>Выберите организацию из списка, который появляется при вводе, или очистите поле.</translation>
    </message>
    <message>
        <source>Choose the person from the list that opens as you type, or clear the field.</source>
        <translation>Выберите контакт из списка, который появляется при вводе, или очистите поле.</translation>
    </message>
    <message>
        <source>Choose the client: an organization, a person or both.</source>
        <translation>Выберите клиента: организацию, контакт или и то и другое.</translation>
    </message>
    <message>
        <source>Type the amount as a number, e.g. %1.</source>
        <translation>Введите сумму числом, например %1.</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>Сумма не может быть отрицательной.</translation>
    </message>
    <message>
        <source>Set up a sales pipeline first.</source>
        <translation>Сначала настройте воронку продаж.</translation>
    </message>
    <message>
        <source>This pipeline has no open stage. Add one in its settings.</source>
        <translation>В этой воронке нет открытых этапов. Добавьте этап в настройках воронки.</translation>
    </message>
    <message>
        <source>Enter the deal&apos;s title: what is being sold.</source>
        <translation>Введите название сделки: что продаётся.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Someone else changed this deal after you opened it (perhaps moved it on the board), so your changes were not saved. They are still here: copy what you need, close this window and open the deal again to see the current version.</source>
        <translation>Кто-то другой изменил эту сделку после того, как вы её открыли (возможно, переместил её на доске), поэтому ваши изменения не сохранены. Они остались в этом окне: скопируйте нужное, закройте окно и откройте сделку снова, чтобы увидеть актуальную версию.</translation>
    </message>
    <message>
        <source>Close without saving? What you typed in this deal will be lost.</source>
        <translation>Закрыть без сохранения? Всё, что вы ввели в этой сделке, будет потеряно.</translation>
    </message>
</context>
<context>
    <name>DealFilterBar</name>
    <message>
        <source>Find deals: title, client…</source>
        <translation>Поиск сделок: название, клиент…</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Все ответственные</translation>
    </message>
    <message>
        <source>Only the deals of this manager</source>
        <translation>Только сделки этого менеджера</translation>
    </message>
    <message>
        <source>Any organization</source>
        <translation>Любая организация</translation>
    </message>
    <message>
        <source>Only the deals of this organization</source>
        <translation>Только сделки этой организации</translation>
    </message>
    <message>
        <source>Closing: any time</source>
        <translation>Закрытие: любой срок</translation>
    </message>
    <message>
        <source>Closing date passed</source>
        <translation>Срок закрытия прошёл</translation>
    </message>
    <message>
        <source>Closing this month</source>
        <translation>Закрытие в этом месяце</translation>
    </message>
    <message>
        <source>Closing next month</source>
        <translation>Закрытие в следующем месяце</translation>
    </message>
    <message>
        <source>Closing this quarter</source>
        <translation>Закрытие в этом квартале</translation>
    </message>
    <message>
        <source>Closing this year</source>
        <translation>Закрытие в этом году</translation>
    </message>
    <message>
        <source>Closing between…</source>
        <translation>Закрытие в период…</translation>
    </message>
    <message>
        <source>The expected close date of the deals</source>
        <translation>Ожидаемая дата закрытия сделок</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>from any</source>
        <translation>от любой</translation>
    </message>
    <message>
        <source>to any</source>
        <translation>до любой</translation>
    </message>
    <message>
        <source>Won/lost: last 30 days</source>
        <translation>Закрытые: за 30 дней</translation>
    </message>
    <message>
        <source>Won/lost: last 90 days</source>
        <translation>Закрытые: за 90 дней</translation>
    </message>
    <message>
        <source>Won/lost: this year</source>
        <translation>Закрытые: в этом году</translation>
    </message>
    <message>
        <source>Won/lost: all time</source>
        <translation>Закрытые: за всё время</translation>
    </message>
    <message>
        <source>Which closed deals the won and lost columns show</source>
        <translation>Какие закрытые сделки показывать в колонках успешных и нереализованных</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Show every deal of the pipeline again</source>
        <translation>Снова показать все сделки воронки</translation>
    </message>
    <message>
        <source>In the deal&apos;s own currency; empty: no limit</source>
        <translation>В валюте сделки; пусто — без ограничения</translation>
    </message>
</context>
<context>
    <name>DealForm</name>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. 20 laptops for the new office</source>
        <translation>например, 20 ноутбуков для нового офиса</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Организация:</translation>
    </message>
    <message>
        <source>Type a name, phone or INN</source>
        <translation>Введите название, телефон или ИНН</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <translation>Контактное лицо:</translation>
    </message>
    <message>
        <source>Type a name or phone</source>
        <translation>Введите имя или телефон</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>Сумма:</translation>
    </message>
    <message>
        <source>Currency of the deal</source>
        <translation>Валюта сделки</translation>
    </message>
    <message>
        <source>Expected close:</source>
        <translation>Дата закрытия:</translation>
    </message>
    <message>
        <source>Tick to set the date you expect the deal to close; leave it empty for no date</source>
        <translation>Отметьте, чтобы указать ожидаемую дату закрытия сделки; оставьте пустым, если даты нет</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>без даты</translation>
    </message>
    <message>
        <source>Sales funnel</source>
        <translation>Воронка продаж</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Воронка:</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>Этап:</translation>
    </message>
    <message>
        <source>Open stages; a deal is won or lost through the board&apos;s Won / Lost buttons</source>
        <translation>Только открытые этапы; успешной или нереализованной сделку делают кнопками на доске</translation>
    </message>
    <message>
        <source>Probability:</source>
        <translation>Вероятность:</translation>
    </message>
    <message>
        <source>Follow the stage</source>
        <translation>Как у этапа</translation>
    </message>
    <message>
        <source>Use the stage&apos;s probability; untick to set this deal&apos;s own</source>
        <translation>Использовать вероятность этапа; снимите флажок, чтобы задать свою для этой сделки</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Ответственный:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>e.g. exhibition, website, referral</source>
        <translation>например, выставка, сайт, рекомендация</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>What the client needs, the terms, the next steps</source>
        <translation>Что нужно клиенту, условия, следующие шаги</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>No calls, meetings or tasks are linked to this deal yet.</source>
        <translation>К этой сделке пока не привязаны звонки, встречи или задачи.</translation>
    </message>
    <message>
        <source>Stage history</source>
        <translation>История этапов</translation>
    </message>
    <message>
        <source>No stage changes yet.</source>
        <translation>Этап сделки ещё не менялся.</translation>
    </message>
</context>
<context>
    <name>DealsModel</name>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Вероятность</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>Взвешенная сумма</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Дата закрытия</translation>
    </message>
    <message>
        <source>Days in stage</source>
        <translation>Дней на этапе</translation>
    </message>
    <message>
        <source>Next activity</source>
        <translation>Следующее дело</translation>
    </message>
    <message>
        <source>No planned activity</source>
        <translation>Нет запланированных дел</translation>
    </message>
</context>
<context>
    <name>DealsPage</name>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>The pipeline the board shows</source>
        <translation>Воронка, которая показана на доске</translation>
    </message>
    <message>
        <source>&amp;Pipeline:</source>
        <translation>&amp;Воронка:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Канбан</translation>
    </message>
    <message>
        <source>The deals as a kanban board, a column per stage</source>
        <translation>Сделки в виде канбан-доски: по колонке на каждый этап</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Список</translation>
    </message>
    <message>
        <source>The same deals as a sortable list</source>
        <translation>Те же сделки в виде сортируемого списка</translation>
    </message>
    <message>
        <source>&amp;New deal…</source>
        <translation>&amp;Новая сделка…</translation>
    </message>
    <message>
        <source>P&amp;ipelines…</source>
        <translation>Во&amp;ронки…</translation>
    </message>
    <message>
        <source>Pipelines and their stages</source>
        <translation>Воронки и их этапы</translation>
    </message>
    <message>
        <source>&amp;Competitors…</source>
        <translation>&amp;Конкуренты…</translation>
    </message>
    <message>
        <source>Competitors and the deals lost to them</source>
        <translation>Конкуренты и проигранные им сделки</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Move to the &amp;trash…</source>
        <translation>Переместить в &amp;корзину…</translation>
    </message>
    <message>
        <source>Move to the &amp;previous stage</source>
        <translation>На &amp;предыдущий этап</translation>
    </message>
    <message>
        <source>Move to the &amp;next stage</source>
        <translation>На &amp;следующий этап</translation>
    </message>
    <message>
        <source>&amp;Move to</source>
        <translation>Перенести на &amp;этап</translation>
    </message>
    <message>
        <source>Open the &amp;organization</source>
        <translation>Открыть орг&amp;анизацию</translation>
    </message>
    <message>
        <source>Open the p&amp;erson</source>
        <translation>Открыть ко&amp;нтакт</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No pipeline yet&lt;/h3&gt;&lt;p&gt;A pipeline is the way a deal goes from the first contact to a contract. Create one with its stages in &lt;b&gt;Pipelines…&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Воронки пока нет&lt;/h3&gt;&lt;p&gt;Воронка — это путь сделки от первого контакта до договора. Создайте воронку и её этапы в разделе &lt;b&gt;Воронки…&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The deals could not be read.</source>
        <translation>Не удалось прочитать сделки.</translation>
    </message>
    <message>
        <source>Filtered: %1 open deals for %2, weighted %3</source>
        <translation>Отфильтровано: открытых сделок: %1 на сумму %2, взвешенная сумма: %3</translation>
    </message>
    <message>
        <source>%1 open deals for %2, weighted %3</source>
        <translation>Открытых сделок: %1 на сумму %2, взвешенная сумма: %3</translation>
    </message>
    <message>
        <source>Move to the trash</source>
        <translation>Переместить в корзину</translation>
    </message>
    <message>
        <source>Move the deal “%1” to the trash? It can be restored from there.</source>
        <translation>Переместить сделку «%1» в корзину? Её можно будет оттуда восстановить.</translation>
    </message>
    <message>
        <source>Moving to the trash…</source>
        <translation>Перемещение в корзину…</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <source>Same phone %1</source>
        <translation>Тот же телефон %1</translation>
    </message>
    <message>
        <source>Same email %1</source>
        <translation>Тот же email %1</translation>
    </message>
    <message>
        <source>Same INN %1</source>
        <translation>Тот же ИНН %1</translation>
    </message>
    <message>
        <source>Same name: %1</source>
        <translation>То же имя: %1</translation>
    </message>
    <message>
        <source>Similar name</source>
        <translation>Похожее имя</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>deals: %1</source>
        <translation>сделки: %1</translation>
    </message>
    <message>
        <source>tasks and activities: %1</source>
        <translation>задачи и дела: %1</translation>
    </message>
    <message>
        <source>notes: %1</source>
        <translation>заметки: %1</translation>
    </message>
    <message>
        <source>people: %1</source>
        <translation>контакты: %1</translation>
    </message>
    <message>
        <source>key dates: %1</source>
        <translation>важные даты: %1</translation>
    </message>
    <message>
        <source>custom field values: %1</source>
        <translation>значения доп. полей: %1</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>Отменить объединение</translation>
    </message>
    <message>
        <source>There is no merge to undo.</source>
        <translation>Нет объединения, которое можно отменить.</translation>
    </message>
    <message>
        <source>Undo the merge “%1”? Both cards come back exactly as they were before it.</source>
        <translation>Отменить объединение «%1»? Обе карточки вернутся в точности в том виде, в каком были до него.</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Possible duplicate</source>
        <translation>Возможный дубль</translation>
    </message>
    <message>
        <source>This looks like a card that already exists</source>
        <translation>Похоже, такая карточка уже существует</translation>
    </message>
    <message>
        <source>“%1” shares a phone, email, INN or name with a card already in the base. Open the existing card, merge the two, or save a new card anyway.</source>
        <translation>У «%1» совпадает телефон, email, ИНН или название с карточкой, которая уже есть в базе. Откройте существующую карточку, объедините их или всё равно сохраните новую.</translation>
    </message>
    <message>
        <source>Open existing</source>
        <translation>Открыть существующую</translation>
    </message>
    <message>
        <source>Close this card without saving and open the chosen one</source>
        <translation>Закрыть эту карточку без сохранения и открыть выбранную</translation>
    </message>
    <message>
        <source>Save and merge…</source>
        <translation>Сохранить и объединить…</translation>
    </message>
    <message>
        <source>Save this card, then merge it into the chosen one, field by field</source>
        <translation>Сохранить эту карточку, затем объединить её с выбранной поле за полем</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Всё равно сохранить</translation>
    </message>
    <message>
        <source>These are different clients: save the card as it is</source>
        <translation>Это разные клиенты: сохранить карточку как есть</translation>
    </message>
    <message>
        <source>Back to the card</source>
        <translation>Вернуться к карточке</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>Records already in the base</source>
        <translation>Записи, которые уже есть в базе</translation>
    </message>
    <message>
        <source>People match by name and a shared phone, email or company; organizations by INN or name.</source>
        <translation>Контакты сравниваются по имени и общему телефону, email или компании; организации — по ИНН или названию.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>Fill the empty fields of the existing card and add new phones and emails; nothing already filled changes.</source>
        <translation>Заполнить пустые поля существующей карточки и добавить новые телефоны и email; уже заполненное не меняется.</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Overwrite the fields of the existing card with the values of the file.</source>
        <translation>Перезаписать поля существующей карточки значениями из файла.</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Пропустить</translation>
    </message>
    <message>
        <source>Leave the existing card as it is.</source>
        <translation>Оставить существующую карточку как есть.</translation>
    </message>
    <message>
        <source>Create anyway</source>
        <translation>Всё равно создать</translation>
    </message>
    <message>
        <source>Add every record of the file as a new card, even if it is a duplicate.</source>
        <translation>Добавить каждую запись файла как новую карточку, даже если это дубль.</translation>
    </message>
    <message>
        <source>Phones without a country code are from:</source>
        <translation>Телефоны без кода страны относятся к стране:</translation>
    </message>
    <message>
        <source>Russia</source>
        <translation>Россия</translation>
    </message>
    <message>
        <source>Kazakhstan</source>
        <translation>Казахстан</translation>
    </message>
    <message>
        <source>Belarus</source>
        <translation>Беларусь</translation>
    </message>
    <message>
        <source>Ukraine</source>
        <translation>Украина</translation>
    </message>
    <message>
        <source>Uzbekistan</source>
        <translation>Узбекистан</translation>
    </message>
    <message>
        <source>Kyrgyzstan</source>
        <translation>Киргизия</translation>
    </message>
    <message>
        <source>Armenia</source>
        <translation>Армения</translation>
    </message>
    <message>
        <source>Georgia</source>
        <translation>Грузия</translation>
    </message>
    <message>
        <source>Azerbaijan</source>
        <translation>Азербайджан</translation>
    </message>
    <message>
        <source>Moldova</source>
        <translation>Молдова</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>Германия</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>США</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>Великобритания</translation>
    </message>
    <message>
        <source>Found in the base: %1 of the people and %2 of the organizations.</source>
        <translation>Найдено в базе: контактов — %1, организаций — %2.</translation>
    </message>
    <message>
        <source>None of the records of the file is in the base yet.</source>
        <translation>Ни одной записи из файла в базе пока нет.</translation>
    </message>
</context>
<context>
    <name>EmailsEditor</name>
    <message>
        <source>Add email</source>
        <translation>Добавить email</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Remove this address</source>
        <translation>Удалить этот адрес</translation>
    </message>
    <message>
        <source>⚠ Not an email address</source>
        <translation>⚠ Не адрес электронной почты</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Contacts: one row per person, with the organization&apos;s columns</source>
        <translation>Контакты: по строке на контакт, с колонками организации</translation>
    </message>
    <message>
        <source>Organizations only: one row per organization</source>
        <translation>Только организации: по строке на организацию</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>Tasks and activities</source>
        <translation>Задачи и дела</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
        <source>CSV text, opens in Excel (.csv)</source>
        <translation>Текст CSV, открывается в Excel (.csv)</translation>
    </message>
    <message>
        <source>vCard for phones and mail programs (.vcf)</source>
        <translation>vCard для телефонов и почтовых программ (.vcf)</translation>
    </message>
    <message>
        <source>iCalendar, the planned ones (.ics)</source>
        <translation>iCalendar, только запланированные (.ics)</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>Что экспортировать</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Файл:</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Выбрать…</translation>
    </message>
    <message>
        <source>Records in the trash are not exported. Column headers are in the language of the program, so the file can be imported again as it is.</source>
        <translation>Записи из корзины не экспортируются. Заголовки колонок — на языке программы, поэтому файл можно снова импортировать без изменений.</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Экспортировать</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Книги Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>vCard files (*.vcf)</source>
        <translation>Файлы vCard (*.vcf)</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>Файлы iCalendar (*.ics)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Экспорт в файл</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Выберите файл для записи.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message numerus="yes">
        <source>%n card(s) exported to %1</source>
        <translation>
            <numerusform>%n карточка экспортирована в %1</numerusform>
            <numerusform>%n карточки экспортированы в %1</numerusform>
            <numerusform>%n карточек экспортировано в %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) exported to %1</source>
        <translation>
            <numerusform>%n событие экспортировано в %1</numerusform>
            <numerusform>%n события экспортированы в %1</numerusform>
            <numerusform>%n событий экспортировано в %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to %1</source>
        <translation>
            <numerusform>%n строка экспортирована в %1</numerusform>
            <numerusform>%n строки экспортированы в %1</numerusform>
            <numerusform>%n строк экспортировано в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>Экспорт отменён; файл не записан.</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file</source>
        <translation>Выбор файла</translation>
    </message>
    <message>
        <source>Excel (.xlsx, .xls), OpenDocument (.ods), CSV or vCard (.vcf): an export from Excel, 1C, amoCRM, Bitrix24, Google Contacts or Outlook.</source>
        <translation>Excel (.xlsx, .xls), OpenDocument (.ods), CSV или vCard (.vcf): выгрузка из Excel, 1С, amoCRM, Битрикс24, Google Контактов или Outlook.</translation>
    </message>
    <message>
        <source>The file to import</source>
        <translation>Файл для импорта</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Drop a file here</source>
        <translation>Перетащите файл сюда</translation>
    </message>
    <message>
        <source>Nothing is written to the base until the last step; every import can be undone later from File → Import history.</source>
        <translation>До последнего шага в базу ничего не записывается; любой импорт можно позже отменить в меню Файл → История импорта.</translation>
    </message>
    <message>
        <source>Import contacts from a file</source>
        <translation>Импорт контактов из файла</translation>
    </message>
    <message>
        <source>Contact files (%1)</source>
        <translation>Файлы контактов (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Не удалось прочитать файл.</translation>
    </message>
    <message numerus="yes">
        <source>%n sheets</source>
        <translation>
            <numerusform>%n лист</numerusform>
            <numerusform>%n листа</numerusform>
            <numerusform>%n листов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <translation>
            <numerusform>%n строка</numerusform>
            <numerusform>%n строки</numerusform>
            <numerusform>%n строк</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is ready: %2.</source>
        <translation>Файл «%1» готов: %2.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All tags</source>
        <translation>Все теги</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Все ответственные</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>Все сегменты</translation>
    </message>
    <message>
        <source>Any city</source>
        <translation>Любой город</translation>
    </message>
    <message>
        <source>Only contacts in this city</source>
        <translation>Только контакты из этого города</translation>
    </message>
    <message>
        <source>No contact for</source>
        <translation>Без контакта</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>любое время</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Only contacts with no call, meeting or letter for this many days (0: off)</source>
        <translation>Только контакты без звонков, встреч и писем за указанное число дней (0 — выкл.)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Show all contacts again</source>
        <translation>Снова показать все контакты</translation>
    </message>
    <message>
        <source>Save as segment…</source>
        <translation>Сохранить как сегмент…</translation>
    </message>
    <message>
        <source>Remember this filter under a name in the navigation on the left</source>
        <translation>Запомнить этот фильтр под именем в панели навигации слева</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Rename or delete the segment shown</source>
        <translation>Переименовать или удалить текущий сегмент</translation>
    </message>
    <message>
        <source>Owner #%1</source>
        <translation>Ответственный №%1</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Welcome to CRM Desktop</source>
        <translation>Добро пожаловать в CRM Desktop</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to CRM Desktop&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Добро пожаловать в CRM Desktop&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Your client base will be kept in a file on this computer:
%1
How would you like to start?</source>
        <translation>Ваша клиентская база будет храниться в файле на этом компьютере:
%1
С чего начнём?</translation>
    </message>
    <message>
        <source>Start with an empty base</source>
        <translation>Начать с пустой базы</translation>
    </message>
    <message>
        <source>Add your clients by hand or import them from Excel.</source>
        <translation>Добавьте клиентов вручную или импортируйте их из Excel.</translation>
    </message>
    <message>
        <source>Open a demo base</source>
        <translation>Открыть демонстрационную базу</translation>
    </message>
    <message>
        <source>Try the program on sample organizations, people, deals and tasks.</source>
        <translation>Попробуйте программу на примерах организаций, контактов, сделок и задач.</translation>
    </message>
    <message>
        <source>Open an existing base…</source>
        <translation>Открыть существующую базу…</translation>
    </message>
    <message>
        <source>A base file copied from another computer or a backup.</source>
        <translation>Файл базы, скопированный с другого компьютера, или резервная копия.</translation>
    </message>
    <message>
        <source>Open a client base</source>
        <translation>Открыть клиентскую базу</translation>
    </message>
    <message>
        <source>CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Базы CRM Desktop (*.sqlite3 *.sqlite *.db);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <source>e.g. Romashka LLC</source>
        <translation>например, ООО «Ромашка»</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>Company &amp;name:</source>
        <translation>&amp;Название компании:</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>Логотип:</translation>
    </message>
    <message>
        <source>The name and the logo head every page of the PDF reports. The chosen picture is copied into the program&apos;s data folder, so the original file may be moved or deleted.</source>
        <translation>Название и логотип печатаются вверху каждой страницы PDF-отчётов. Выбранная картинка копируется в папку данных программы, так что исходный файл можно переместить или удалить.</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Нет логотипа</translation>
    </message>
    <message>
        <source>The logo file is missing or damaged</source>
        <translation>Файл логотипа отсутствует или повреждён</translation>
    </message>
    <message>
        <source>Company logo</source>
        <translation>Логотип компании</translation>
    </message>
    <message>
        <source>“%1” cannot be read: %2.</source>
        <translation>Не удаётся прочитать «%1»: %2.</translation>
    </message>
    <message>
        <source>“%1” is too big for a logo (over 20 MB). Choose a smaller picture.</source>
        <translation>«%1» слишком велик для логотипа (больше 20 МБ). Выберите картинку поменьше.</translation>
    </message>
    <message>
        <source>“%1” is not a picture the program can read (the file is damaged or in another format). Choose a PNG, JPEG, GIF or BMP file.</source>
        <translation>«%1» — не картинка, которую может прочитать программа (файл повреждён или в другом формате). Выберите файл PNG, JPEG, GIF или BMP.</translation>
    </message>
    <message>
        <source>The logo cannot be kept in the data folder: %1.</source>
        <translation>Не удаётся сохранить логотип в папке данных: %1.</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over</source>
        <translation>Передать</translation>
    </message>
    <message>
        <source>Hand over “%1” with its people, open deals and open tasks.</source>
        <translation>Передать «%1» вместе с контактными лицами, открытыми сделками и открытыми задачами.</translation>
    </message>
    <message>
        <source>Hand over all clients of %1 with their open deals and open tasks.</source>
        <translation>Передать всех клиентов пользователя %1 вместе с их открытыми сделками и открытыми задачами.</translation>
    </message>
    <message>
        <source>Won and lost deals, done tasks, notes and the change history stay as they are.</source>
        <translation>Выигранные и проигранные сделки, выполненные задачи, заметки и история изменений останутся как есть.</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Кому:</translation>
    </message>
    <message>
        <source>There is nobody to hand over to: add a user first.</source>
        <translation>Передавать некому: сначала добавьте пользователя.</translation>
    </message>
    <message numerus="yes">
        <source>%n organizations</source>
        <translation>
            <numerusform>%n организация</numerusform>
            <numerusform>%n организации</numerusform>
            <numerusform>%n организаций</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n persons</source>
        <translation>
            <numerusform>%n контакт</numerusform>
            <numerusform>%n контакта</numerusform>
            <numerusform>%n контактов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open deals</source>
        <translation>
            <numerusform>%n открытая сделка</numerusform>
            <numerusform>%n открытые сделки</numerusform>
            <numerusform>%n открытых сделок</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open tasks</source>
        <translation>
            <numerusform>%n открытая задача</numerusform>
            <numerusform>%n открытые задачи</numerusform>
            <numerusform>%n открытых задач</numerusform>
        </translation>
    </message>
    <message>
        <source>Will move: %1</source>
        <translation>Будет передано: %1</translation>
    </message>
    <message>
        <source>Nothing to move: it all belongs to them already.</source>
        <translation>Передавать нечего: всё уже закреплено за этим пользователем.</translation>
    </message>
    <message>
        <source>Choose who takes the clients over.</source>
        <translation>Выберите, кому передать клиентов.</translation>
    </message>
    <message>
        <source>Handed over to %1: %2</source>
        <translation>Передано пользователю %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n records</source>
        <translation>
            <numerusform>%n запись</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записей</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <source>— do not import —</source>
        <translation>— не импортировать —</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Phone: mobile</source>
        <translation>Телефон: мобильный</translation>
    </message>
    <message>
        <source>Phone: work</source>
        <translation>Телефон: рабочий</translation>
    </message>
    <message>
        <source>Phone: home</source>
        <translation>Телефон: домашний</translation>
    </message>
    <message>
        <source>Phone: fax</source>
        <translation>Телефон: факс</translation>
    </message>
    <message>
        <source>Phone: other</source>
        <translation>Телефон: другой</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Email: work</source>
        <translation>Email: рабочий</translation>
    </message>
    <message>
        <source>Email: personal</source>
        <translation>Email: личный</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Owner (manager)</source>
        <translation>Ответственный (менеджер)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Company phone</source>
        <translation>Телефон компании</translation>
    </message>
    <message>
        <source>Company email</source>
        <translation>Email компании</translation>
    </message>
    <message>
        <source>Company address</source>
        <translation>Адрес компании</translation>
    </message>
    <message>
        <source>Company website</source>
        <translation>Сайт компании</translation>
    </message>
    <message>
        <source>Custom field: %1</source>
        <translation>Доп. поле: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя или название</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Import history</source>
        <translation>История импорта</translation>
    </message>
    <message>
        <source>Undoing an import removes the records it created and puts back the fields, phones and emails it changed in existing ones.</source>
        <translation>Отмена импорта удаляет созданные им записи и возвращает поля, телефоны и email, которые он изменил в существующих.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Строк</translation>
    </message>
    <message>
        <source>New people</source>
        <translation>Новые контакты</translation>
    </message>
    <message>
        <source>New organizations</source>
        <translation>Новые организации</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Найдено в базе</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Выполнен</translation>
    </message>
    <message>
        <source>No file has been imported into this base yet.</source>
        <translation>В эту базу ещё не импортировано ни одного файла.</translation>
    </message>
    <message>
        <source>Undo the import of “%1”? %2 people and %3 organizations it created will be removed, and the existing records it matched (%4) will be put back as they were.</source>
        <translation>Отменить импорт файла «%1»? Будут удалены созданные им записи (контактов: %2, организаций: %3), а найденные в базе записи (%4) вернутся в прежнее состояние.</translation>
    </message>
    <message>
        <source>Undone: %1 people and %2 organizations removed, %3 records restored.</source>
        <translation>Импорт отменён: удалено контактов: %1, организаций: %2; восстановлено записей: %3.</translation>
    </message>
    <message>
        <source>Undoing the import…</source>
        <translation>Отмена импорта…</translation>
    </message>
</context>
<context>
    <name>ImportMenu</name>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Импорт…</translation>
    </message>
    <message>
        <source>Import &amp;history…</source>
        <translation>История и&amp;мпорта…</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Excel workbook</source>
        <translation>Книга Excel</translation>
    </message>
    <message>
        <source>Excel 97–2003 workbook</source>
        <translation>Книга Excel 97–2003</translation>
    </message>
    <message>
        <source>OpenDocument spreadsheet</source>
        <translation>Таблица OpenDocument</translation>
    </message>
    <message>
        <source>Text file (CSV)</source>
        <translation>Текстовый файл (CSV)</translation>
    </message>
    <message>
        <source>Web page saved as Excel</source>
        <translation>Веб-страница, сохранённая как Excel</translation>
    </message>
    <message>
        <source>vCard contacts</source>
        <translation>Контакты vCard</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>Импорт контактов</translation>
    </message>
    <message>
        <source>Reading the whole file…</source>
        <translation>Чтение всего файла…</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Не удалось прочитать файл.</translation>
    </message>
</context>
<context>
    <name>JobIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>KindFilter</name>
    <message>
        <source>Which kinds of activities to show</source>
        <translation>Какие типы дел показывать</translation>
    </message>
    <message>
        <source>Show all kinds</source>
        <translation>Показать все типы</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Все типы</translation>
    </message>
    <message numerus="yes">
        <source>%n kinds</source>
        <translation>
            <numerusform>%n тип</numerusform>
            <numerusform>%n типа</numerusform>
            <numerusform>%n типов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The language of the program:</source>
        <translation>Язык программы:</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Как в системе (%1)</translation>
    </message>
    <message>
        <source>The window changes language at once: menus, views, dates, numbers and money follow the language&apos;s customs. New demo data is made in it too.</source>
        <translation>Окно сразу переключается на выбранный язык: меню, списки, даты, числа и деньги — по его правилам. Новые демо-данные тоже создаются на нём.</translation>
    </message>
</context>
<context>
    <name>LinkedActivitiesModel</name>
    <message>
        <source>Activity</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Done %1</source>
        <translation>Выполнено %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Запланировано</translation>
    </message>
</context>
<context>
    <name>LostDealsModel</name>
    <message>
        <source>Lost on</source>
        <translation>Закрыта</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Менеджер</translation>
    </message>
</context>
<context>
    <name>LostDialog</name>
    <message>
        <source>Close the deal as lost</source>
        <translation>Закрыть сделку как нереализованную</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Выберите причину…</translation>
    </message>
    <message>
        <source>Add a new reason…</source>
        <translation>Добавить новую причину…</translation>
    </message>
    <message>
        <source>Nobody / unknown</source>
        <translation>Никто / неизвестно</translation>
    </message>
    <message>
        <source>Add a new competitor…</source>
        <translation>Добавить нового конкурента…</translation>
    </message>
    <message>
        <source>What happened, what to do better next time</source>
        <translation>Что произошло, что сделать лучше в следующий раз</translation>
    </message>
    <message>
        <source>Loss &amp;reason: *</source>
        <translation>&amp;Причина отказа: *</translation>
    </message>
    <message>
        <source>&amp;Won by:</source>
        <translation>&amp;Ушла к конкуренту:</translation>
    </message>
    <message>
        <source>Co&amp;mment:</source>
        <translation>Ко&amp;мментарий:</translation>
    </message>
    <message>
        <source>Close as &amp;lost</source>
        <translation>&amp;Закрыть как нереализованную</translation>
    </message>
    <message>
        <source>Why was the deal lost? The reasons and competitors add up to statistics.</source>
        <translation>Почему сделка не состоялась? Из причин и конкурентов складывается статистика.</translation>
    </message>
    <message>
        <source>Choose why the deal was lost: the reason is required.</source>
        <translation>Укажите, почему сделка не состоялась: причина обязательна.</translation>
    </message>
    <message>
        <source>New loss reason</source>
        <translation>Новая причина отказа</translation>
    </message>
    <message>
        <source>Loss reason:</source>
        <translation>Причина отказа:</translation>
    </message>
    <message>
        <source>New competitor</source>
        <translation>Новый конкурент</translation>
    </message>
    <message>
        <source>Competitor&apos;s name:</source>
        <translation>Название конкурента:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CRM Desktop — %1</source>
        <translation>CRM Desktop — %1</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель инструментов</translation>
    </message>
    <message>
        <source>New &amp;organization…</source>
        <translation>Новая &amp;организация…</translation>
    </message>
    <message>
        <source>New &amp;person…</source>
        <translation>Новый &amp;контакт…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Найти…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;About CRM Desktop</source>
        <translation>&amp;О программе CRM Desktop</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>About CRM Desktop</source>
        <translation>О программе CRM Desktop</translation>
    </message>
    <message>
        <source>CRM Desktop %1 — an offline CRM for small businesses.</source>
        <translation>CRM Desktop %1 — офлайн-CRM для малого бизнеса.</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>An operation is still running. Cancel it and quit?</source>
        <translation>Операция ещё выполняется. Отменить её и выйти?</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Columns</source>
        <translation>Колонки</translation>
    </message>
    <message>
        <source>Choose what each column becomes. The choice is suggested from the headers; a saved profile that fits the file is applied by itself.</source>
        <translation>Укажите, во что превратится каждая колонка. Выбор предлагается по заголовкам; сохранённый профиль, подходящий к файлу, применяется автоматически.</translation>
    </message>
    <message>
        <source>Save as profile…</source>
        <translation>Сохранить как профиль…</translation>
    </message>
    <message>
        <source>Column of the file</source>
        <translation>Колонка файла</translation>
    </message>
    <message>
        <source>Sample values</source>
        <translation>Примеры значений</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Импортировать как</translation>
    </message>
    <message>
        <source>as the values show (day first when unsure)</source>
        <translation>по значениям (если неясно — сначала день)</translation>
    </message>
    <message>
        <source>day first: 31.12.2026</source>
        <translation>сначала день: 31.12.2026</translation>
    </message>
    <message>
        <source>month first: 12/31/2026</source>
        <translation>сначала месяц: 12/31/2026</translation>
    </message>
    <message>
        <source>— do not import —</source>
        <translation>— не импортировать —</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Owner (manager)</source>
        <translation>Ответственный (менеджер)</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <source>Dates are written:</source>
        <translation>Формат дат:</translation>
    </message>
    <message>
        <source>Apply profile…</source>
        <translation>Применить профиль…</translation>
    </message>
    <message>
        <source>Profile “%1” applied.</source>
        <translation>Применён профиль «%1».</translation>
    </message>
    <message>
        <source>Group headings (“%1” …) go to:</source>
        <translation>Заголовки групп («%1» …) записать в:</translation>
    </message>
    <message>
        <source>Map at least one column to a name, a company, a phone or an email.</source>
        <translation>Сопоставьте хотя бы одну колонку с именем, компанией, телефоном или email.</translation>
    </message>
    <message>
        <source>Save the mapping as a profile</source>
        <translation>Сохранить сопоставление как профиль</translation>
    </message>
    <message>
        <source>Profile name (for example, “Bitrix24 contacts”):</source>
        <translation>Название профиля (например, «Контакты Битрикс24»):</translation>
    </message>
    <message>
        <source>A profile named “%1” exists. Replace it?</source>
        <translation>Профиль «%1» уже существует. Заменить его?</translation>
    </message>
    <message>
        <source>Saved as profile “%1”.</source>
        <translation>Сохранено как профиль «%1».</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge two cards</source>
        <translation>Объединить две карточки</translation>
    </message>
    <message>
        <source>Merge two cards into one</source>
        <translation>Объединить две карточки в одну</translation>
    </message>
    <message>
        <source>Where the cards differ, choose the value to keep. The kept card receives the other card&apos;s phones, emails, tags, deals, tasks and history; the other card goes to the trash. You can undo the merge later.</source>
        <translation>Там, где карточки различаются, выберите значение, которое нужно оставить. Сохраняемая карточка получит телефоны, email, теги, сделки, задачи и историю другой карточки, а другая карточка будет перемещена в корзину. Объединение можно будет отменить.</translation>
    </message>
    <message>
        <source>⇄ Keep the other card</source>
        <translation>⇄ Оставить другую карточку</translation>
    </message>
    <message>
        <source>Swap the cards: keep the right one, trash the left one</source>
        <translation>Поменять карточки местами: оставить правую, левую переместить в корзину</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Comparing the cards…</source>
        <translation>Сравнение карточек…</translation>
    </message>
    <message>
        <source>KEPT CARD</source>
        <translation>СОХРАНЯЕМАЯ КАРТОЧКА</translation>
    </message>
    <message>
        <source>MERGED INTO IT, THEN TRASHED</source>
        <translation>ОБЪЕДИНЯЕТСЯ С НЕЙ И ПЕРЕМЕЩАЕТСЯ В КОРЗИНУ</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>&lt;b&gt;The kept card will have&lt;/b&gt;&lt;br&gt;Phones: %1&lt;br&gt;Email: %2&lt;br&gt;Tags: %3</source>
        <translation>&lt;b&gt;В сохраняемой карточке будут&lt;/b&gt;&lt;br&gt;Телефоны: %1&lt;br&gt;Email: %2&lt;br&gt;Теги: %3</translation>
    </message>
    <message>
        <source>Moves to the kept card: %1</source>
        <translation>Переходит в сохраняемую карточку: %1</translation>
    </message>
    <message>
        <source>No deals, tasks or notes are linked to the other card: nothing else moves.</source>
        <translation>С другой карточкой не связано ни сделок, ни задач, ни заметок: больше ничего не переносится.</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>Объединение…</translation>
    </message>
    <message>
        <source>One of the cards was changed while this window was open, so nothing was merged. The comparison below has been refreshed: check it and merge again.</source>
        <translation>Одна из карточек была изменена, пока это окно было открыто, поэтому объединение не выполнено. Сравнение ниже обновлено: проверьте его и объедините снова.</translation>
    </message>
</context>
<context>
    <name>MoveDealsDialog</name>
    <message>
        <source>Remove stage “%1”</source>
        <translation>Удаление этапа «%1»</translation>
    </message>
    <message>
        <source>“%1” holds 1 deal. Move it to:</source>
        <translation>На этапе «%1» 1 сделка. Перенести её на этап:</translation>
    </message>
    <message numerus="yes">
        <source>“%1” holds %n deals. Move them to:</source>
        <translation>
            <numerusform>На этапе «%1» %n сделка. Перенести их на этап:</numerusform>
            <numerusform>На этапе «%1» %n сделки. Перенести их на этап:</numerusform>
            <numerusform>На этапе «%1» %n сделок. Перенести их на этап:</numerusform>
        </translation>
    </message>
    <message>
        <source>Each move is written to the deal&apos;s stage history. Nothing changes until you save the settings.</source>
        <translation>Каждый перенос записывается в историю этапов сделки. Ничего не изменится, пока вы не сохраните настройки.</translation>
    </message>
    <message>
        <source>Move and remove</source>
        <translation>Перенести и удалить</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>Этап:</translation>
    </message>
</context>
<context>
    <name>OrganizationDialog</name>
    <message>
        <source>New organization</source>
        <translation>Новая организация</translation>
    </message>
    <message>
        <source>Organization — %1</source>
        <translation>Организация — %1</translation>
    </message>
    <message>
        <source>Enter the organization&apos;s name.</source>
        <translation>Введите название организации.</translation>
    </message>
    <message>
        <source>A KPP has 9 characters: digits, with letters A–Z allowed in the 5th and 6th.</source>
        <translation>КПП состоит из 9 символов: цифры, в 5-й и 6-й позициях допускаются буквы A–Z.</translation>
    </message>
    <message>
        <source>An OGRN has 13 digits (an OGRNIP of a sole trader has 15).</source>
        <translation>ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15).</translation>
    </message>
</context>
<context>
    <name>OrganizationForm</name>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. Romashka LLC</source>
        <translation>например, ООО «Ромашка»</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>10 digits (12 for a sole trader)</source>
        <translation>10 цифр (12 для ИП)</translation>
    </message>
    <message>
        <source>KPP:</source>
        <translation>КПП:</translation>
    </message>
    <message>
        <source>9 characters</source>
        <translation>9 символов</translation>
    </message>
    <message>
        <source>OGRN:</source>
        <translation>ОГРН:</translation>
    </message>
    <message>
        <source>13 digits (15 for a sole trader)</source>
        <translation>13 цифр (15 для ИП)</translation>
    </message>
    <message>
        <source>Industry:</source>
        <translation>Отрасль:</translation>
    </message>
    <message>
        <source>e.g. Construction</source>
        <translation>например, Строительство</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Город:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Street, building, office</source>
        <translation>Улица, дом, офис</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Сайт:</translation>
    </message>
    <message>
        <source>example.com</source>
        <translation>example.com</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>Сегмент:</translation>
    </message>
    <message>
        <source>e.g. Wholesale</source>
        <translation>например, Опт</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>Where the client came from</source>
        <translation>Откуда пришёл клиент</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Теги:</translation>
    </message>
    <message>
        <source>Comma separated: vip, partner</source>
        <translation>Через запятую: vip, партнёр</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>What the client is interested in, what they need</source>
        <translation>Чем интересуется клиент, что ему нужно</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Всё, что стоит запомнить</translation>
    </message>
</context>
<context>
    <name>OwnerFilter</name>
    <message>
        <source>Whose activities to show</source>
        <translation>Чьи дела показывать</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Все пользователи</translation>
    </message>
</context>
<context>
    <name>ParamsBar</name>
    <message>
        <source>Custom dates</source>
        <translation>Произвольные даты</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Автоматически</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>По дням</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>По неделям</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>По месяцам</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>Шаг:</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Type a name to search…</source>
        <translation>Начните вводить название…</translation>
    </message>
    <message>
        <source>Client:</source>
        <translation>Клиент:</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>Воронка:</translation>
    </message>
    <message>
        <source>Everybody</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Owners:</source>
        <translation>Ответственные:</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Любой тег</translation>
    </message>
    <message>
        <source>Any segment</source>
        <translation>Любой сегмент</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Теги:</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>Сегмент:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Not contacted for:</source>
        <translation>Без контакта:</translation>
    </message>
    <message>
        <source>All pipelines</source>
        <translation>Все воронки</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Я</translation>
    </message>
    <message>
        <source>Users:</source>
        <translation>Пользователи:</translation>
    </message>
    <message>
        <source>The period ends before it starts: check the dates.</source>
        <translation>Период заканчивается раньше, чем начинается: проверьте даты.</translation>
    </message>
    <message>
        <source>Choose the organization or the person for the dossier.</source>
        <translation>Выберите организацию или контакт для досье.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>&amp;Текущий пароль:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Новый пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Повтор:</translation>
    </message>
    <message>
        <source>At least %1 characters.</source>
        <translation>Не менее %1 символов.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same one twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>New person</source>
        <translation>Новый контакт</translation>
    </message>
    <message>
        <source>Person — %1</source>
        <translation>Контакт — %1</translation>
    </message>
    <message>
        <source>Enter the person&apos;s name: at least the last or the first name.</source>
        <translation>Введите имя контакта: хотя бы фамилию или имя.</translation>
    </message>
    <message>
        <source>Choose the organization from the list that opens as you type, or clear the field.</source>
        <translation>Выберите организацию из списка, который открывается при вводе, или очистите поле.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Last name:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Or type the full name here</source>
        <translation>Или введите здесь ФИО полностью</translation>
    </message>
    <message>
        <source>First name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Middle name:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Patronymic, if any</source>
        <translation>Отчество (при наличии)</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Организация:</translation>
    </message>
    <message>
        <source>Type to find an organization</source>
        <translation>Начните вводить, чтобы найти организацию</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Должность:</translation>
    </message>
    <message>
        <source>e.g. Purchasing manager</source>
        <translation>например, Менеджер по закупкам</translation>
    </message>
    <message>
        <source>Department:</source>
        <translation>Отдел:</translation>
    </message>
    <message>
        <source>Birthday:</source>
        <translation>День рождения:</translation>
    </message>
    <message>
        <source>Tick when you know the birthday; leave it empty otherwise</source>
        <translation>Отметьте, если знаете день рождения; иначе оставьте пустым</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>12 digits (10 for a company)</source>
        <translation>12 цифр (10 для организации)</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Город:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Street, building, office</source>
        <translation>Улица, дом, офис</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Сайт:</translation>
    </message>
    <message>
        <source>example.com</source>
        <translation>example.com</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>Сегмент:</translation>
    </message>
    <message>
        <source>e.g. Wholesale</source>
        <translation>например, Опт</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>Where the client came from</source>
        <translation>Откуда пришёл клиент</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Теги:</translation>
    </message>
    <message>
        <source>Comma separated: vip, partner</source>
        <translation>Через запятую: vip, партнёр</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>What the client is interested in, what they need</source>
        <translation>Чем интересуется клиент, что ему нужно</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Всё, что стоит запомнить</translation>
    </message>
</context>
<context>
    <name>PhonesEditor</name>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Will be saved as</source>
        <translation>Будет сохранён как</translation>
    </message>
    <message>
        <source>Add phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <source>+7 912 345-67-89</source>
        <translation>+7 912 345-67-89</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Добавочный</translation>
    </message>
    <message>
        <source>e.g. after 2 pm</source>
        <translation>например, после 14:00</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>Удалить этот телефон</translation>
    </message>
    <message>
        <source>Several numbers: %1</source>
        <translation>Несколько номеров: %1</translation>
    </message>
    <message>
        <source>⚠ Not recognised: %1</source>
        <translation>⚠ Не распознан: %1</translation>
    </message>
    <message>
        <source>Not recognised as a phone number (%1). It will be saved as typed and marked, so you can correct it later.</source>
        <translation>Не распознан как номер телефона (%1). Он будет сохранён как введён и помечен, чтобы его можно было исправить позже.</translation>
    </message>
</context>
<context>
    <name>PhonesPage</name>
    <message>
        <source>Phones &amp; money</source>
        <translation>Телефоны и деньги</translation>
    </message>
    <message>
        <source>Type a country or its code</source>
        <translation>Введите страну или её код</translation>
    </message>
    <message>
        <source>Default phone &amp;region:</source>
        <translation>&amp;Регион телефонов по умолчанию:</translation>
    </message>
    <message>
        <source>Base &amp;currency:</source>
        <translation>Основная &amp;валюта:</translation>
    </message>
    <message>
        <source>A phone written without a country code (8 912 345-67-89, 030 1234567) is taken as a number of this region. Numbers already saved keep their country. Reports total the money in the base currency.</source>
        <translation>Номер без кода страны (8 912 345-67-89, 030 1234567) считается номером этого региона. Уже сохранённые номера сохраняют свою страну. Отчёты считают суммы в основной валюте.</translation>
    </message>
    <message>
        <source>For example, %1 is saved as %2</source>
        <translation>Например, %1 сохраняется как %2</translation>
    </message>
    <message>
        <source>“%1” is not a country of the list. Type a few letters of its name or its code (RU, KZ, DE…) and choose it.</source>
        <translation>«%1» — нет такой страны в списке. Введите несколько букв названия или код (RU, KZ, DE…) и выберите её.</translation>
    </message>
    <message>
        <source>“%1” is not a currency code. Use the three letters of ISO 4217: RUB, USD, EUR…</source>
        <translation>«%1» — не код валюты. Укажите три буквы ISO 4217: RUB, USD, EUR…</translation>
    </message>
</context>
<context>
    <name>PipelineSettings</name>
    <message>
        <source>Open</source>
        <translation>Открытый</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Успешный</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Неуспешный</translation>
    </message>
</context>
<context>
    <name>PipelineSettingsDialog</name>
    <message>
        <source>Pipelines and stages</source>
        <translation>Воронки и этапы</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Новая заявка</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Коммерческое предложение</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>Переговоры</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Успешно реализовано</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Закрыто и не реализовано</translation>
    </message>
    <message>
        <source>New pipeline</source>
        <translation>Новая воронка</translation>
    </message>
    <message>
        <source>New pipeline %1</source>
        <translation>Новая воронка %1</translation>
    </message>
    <message>
        <source>Delete the pipeline “%1” with its stages?</source>
        <translation>Удалить воронку «%1» вместе с её этапами?</translation>
    </message>
    <message>
        <source>has deals: type kept</source>
        <translation>есть сделки: тип не изменить</translation>
    </message>
    <message>
        <source>This stage holds deals, so its type cannot change: won and lost deals carry an outcome, open ones do not</source>
        <translation>На этом этапе есть сделки, поэтому его тип нельзя изменить: у закрытых сделок есть результат, у открытых — нет</translation>
    </message>
    <message>
        <source>Open stages make the funnel; a won or lost stage closes the deal</source>
        <translation>Открытые этапы образуют воронку; успешный или неуспешный этап закрывает сделку</translation>
    </message>
    <message>
        <source>Colour of “%1”</source>
        <translation>Цвет этапа «%1»</translation>
    </message>
    <message>
        <source>New stage</source>
        <translation>Новый этап</translation>
    </message>
    <message>
        <source>New stage %1</source>
        <translation>Новый этап %1</translation>
    </message>
    <message>
        <source>“%1” holds deals, and they can only move to another %2 stage that is already saved. Add one, save, and then remove this stage.</source>
        <translation>На этапе «%1» есть сделки, а перенести их можно только на другой уже сохранённый этап типа «%2». Добавьте такой этап, сохраните настройки и затем удалите этот этап.</translation>
    </message>
    <message>
        <source>New reason</source>
        <translation>Новая причина</translation>
    </message>
    <message>
        <source>New reason %1</source>
        <translation>Новая причина %1</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>В архив</translation>
    </message>
    <message>
        <source>Put the pipeline back on the board</source>
        <translation>Вернуть воронку на доску</translation>
    </message>
    <message>
        <source>Take the pipeline off the board; its deals are kept</source>
        <translation>Убрать воронку с доски; её сделки сохранятся</translation>
    </message>
    <message>
        <source>Delete the pipeline (only one that holds no deals)</source>
        <translation>Удалить воронку (только если в ней нет сделок)</translation>
    </message>
    <message>
        <source>This pipeline holds deals: archive it instead</source>
        <translation>В этой воронке есть сделки: вместо удаления отправьте её в архив</translation>
    </message>
    <message>
        <source>Enter the pipeline&apos;s name.</source>
        <translation>Введите название воронки.</translation>
    </message>
    <message>
        <source>Two pipelines are called “%1”; give them different names.</source>
        <translation>Две воронки называются «%1»; дайте им разные названия.</translation>
    </message>
    <message>
        <source>Every stage needs a name.</source>
        <translation>У каждого этапа должно быть название.</translation>
    </message>
    <message>
        <source>Two stages are called “%1”; give them different names.</source>
        <translation>Два этапа называются «%1»; дайте им разные названия.</translation>
    </message>
    <message>
        <source>A pipeline needs at least one open stage.</source>
        <translation>В воронке должен быть хотя бы один открытый этап.</translation>
    </message>
    <message>
        <source>A pipeline needs a won stage.</source>
        <translation>В воронке должен быть успешный этап.</translation>
    </message>
    <message>
        <source>A pipeline needs a lost stage.</source>
        <translation>В воронке должен быть неуспешный этап.</translation>
    </message>
    <message>
        <source>Every loss reason needs a name.</source>
        <translation>У каждой причины отказа должно быть название.</translation>
    </message>
    <message>
        <source>“%1” is in the list twice.</source>
        <translation>«%1» встречается в списке дважды.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Someone else changed the pipeline “%1” after you opened these settings, so it was not saved. Close this window and open the settings again to see the current stages.</source>
        <translation>Кто-то другой изменил воронку «%1» после того, как вы открыли эти настройки, поэтому она не сохранена. Закройте это окно и снова откройте настройки, чтобы увидеть актуальные этапы.</translation>
    </message>
    <message>
        <source>Close without saving? Your changes to the pipelines will be lost.</source>
        <translation>Закрыть без сохранения? Изменения в воронках будут потеряны.</translation>
    </message>
</context>
<context>
    <name>PipelineSettingsForm</name>
    <message>
        <source>Pipelines and stages</source>
        <translation>Воронки и этапы</translation>
    </message>
    <message>
        <source>Pipelines</source>
        <translation>Воронки</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Add a pipeline with the usual stages</source>
        <translation>Добавить воронку с типовыми этапами</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>В архив</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Drag a pipeline to change the order of the board&apos;s list. An archived pipeline leaves the board; its deals stay.</source>
        <translation>Перетащите воронку, чтобы изменить порядок в списке на доске. Воронка в архиве убирается с доски, но её сделки сохраняются.</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Stages, in the order a deal goes through them (drag to reorder):</source>
        <translation>Этапы в порядке прохождения сделки (перетащите, чтобы изменить порядок):</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>Добавить этап</translation>
    </message>
    <message>
        <source>Remove stage</source>
        <translation>Удалить этап</translation>
    </message>
    <message>
        <source>Selected stage</source>
        <translation>Выбранный этап</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <source>Probability:</source>
        <translation>Вероятность:</translation>
    </message>
    <message>
        <source>The chance a deal in this stage is won; a deal may set its own</source>
        <translation>Вероятность успешного закрытия сделки на этом этапе; у сделки может быть своя</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Цвет:</translation>
    </message>
    <message>
        <source>Choose the colour of the stage&apos;s column</source>
        <translation>Выберите цвет колонки этапа</translation>
    </message>
    <message>
        <source>Default colour</source>
        <translation>Цвет по умолчанию</translation>
    </message>
    <message>
        <source>Loss reasons</source>
        <translation>Причины отказа</translation>
    </message>
    <message>
        <source>The reasons a manager picks from when a deal is lost. Drag to change the order; double-click to rename. A reason that deals already name is kept for them, hidden from the list.</source>
        <translation>Причины, из которых менеджер выбирает, когда сделка не состоялась. Перетащите, чтобы изменить порядок; дважды щёлкните, чтобы переименовать. Причина, уже указанная в сделках, сохраняется в них, но скрывается из списка.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Переименовать</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>PipelinesModel</name>
    <message>
        <source>(no name)</source>
        <translation>(без названия)</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (в архиве)</translation>
    </message>
    <message>
        <source>Archived: not on the board; its deals are kept</source>
        <translation>В архиве: не показывается на доске, сделки сохранены</translation>
    </message>
    <message>
        <source>Drag to change the order</source>
        <translation>Перетащите, чтобы изменить порядок</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>Предпросмотр</translation>
    </message>
    <message>
        <source>The first records as they will be stored; rows with a problem are marked (hover for the reason). Nothing is written yet.</source>
        <translation>Первые записи в том виде, в каком они будут сохранены; строки с проблемами отмечены (наведите курсор, чтобы увидеть причину). Пока ничего не записано.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новые</translation>
    </message>
    <message>
        <source>Already in the base</source>
        <translation>Уже в базе</translation>
    </message>
    <message>
        <source>Rejected rows</source>
        <translation>Отклонённые строки</translation>
    </message>
    <message>
        <source>Rows with warnings</source>
        <translation>Строки с предупреждениями</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>In the base</source>
        <translation>В базе</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонена</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>%1 rows read: %2 new people and %3 new organizations; %4 people and %5 organizations are already in the base.</source>
        <translation>Прочитано строк: %1. Новых контактов: %2, новых организаций: %3; уже в базе контактов: %4, организаций: %5.</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>ReasonsModel</name>
    <message>
        <source>Double-click to rename, drag to change the order</source>
        <translation>Дважды щёлкните, чтобы переименовать; перетащите, чтобы изменить порядок</translation>
    </message>
</context>
<context>
    <name>RecordHistoryView</name>
    <message>
        <source>No changes recorded yet.</source>
        <translation>Изменений пока нет.</translation>
    </message>
    <message>
        <source>Open in the audit log…</source>
        <translation>Открыть в журнале изменений…</translation>
    </message>
</context>
<context>
    <name>ReminderCenter</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message numerus="yes">
        <source>%n reminders</source>
        <translation>
            <numerusform>%n напоминание</numerusform>
            <numerusform>%n напоминания</numerusform>
            <numerusform>%n напоминаний</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
            <numerusform>и ещё %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReminderPopup</name>
    <message>
        <source>Hide the reminders</source>
        <translation>Скрыть напоминания</translation>
    </message>
    <message>
        <source>Missed while the program was closed</source>
        <translation>Пропущенные, пока программа была закрыта</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message numerus="yes">
        <source>%n reminders</source>
        <translation>
            <numerusform>%n напоминание</numerusform>
            <numerusform>%n напоминания</numerusform>
            <numerusform>%n напоминаний</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReminderRow</name>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Snooze ▾</source>
        <translation>Позже ▾</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>For 5 minutes</source>
        <translation>На 5 минут</translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation>На 15 минут</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>На 1 час</translation>
    </message>
    <message>
        <source>Until tomorrow morning</source>
        <translation>До завтрашнего утра</translation>
    </message>
    <message>
        <source>Open the activity</source>
        <translation>Открыть дело</translation>
    </message>
    <message>
        <source>Mark the activity done (asks for the result)</source>
        <translation>Завершить дело (с указанием результата)</translation>
    </message>
    <message>
        <source>Remind again later</source>
        <translation>Отложить напоминание</translation>
    </message>
    <message>
        <source>No more reminders; the activity stays planned</source>
        <translation>Больше не напоминать; дело останется запланированным</translation>
    </message>
    <message>
        <source>Today, %1</source>
        <translation>Сегодня, %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — in %n min</source>
        <translation>
            <numerusform>%1 — через %n мин</numerusform>
            <numerusform>%1 — через %n мин</numerusform>
            <numerusform>%1 — через %n мин</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — now</source>
        <translation>%1 — сейчас</translation>
    </message>
    <message>
        <source>Today (all day)</source>
        <translation>Сегодня (весь день)</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Millions, %1</source>
        <translation>Миллионы, %1</translation>
    </message>
    <message>
        <source>Thousands, %1</source>
        <translation>Тысячи, %1</translation>
    </message>
    <message>
        <source>%1: %2 %</source>
        <translation>%1: %2 %</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>Здесь ничего нет.</translation>
    </message>
    <message>
        <source>The first %1 of %2 rows.</source>
        <translation>Первые %1 из %2 строк.</translation>
    </message>
    <message>
        <source>Stages reached, conversion, losses</source>
        <translation>Этапы, конверсия, потери</translation>
    </message>
    <message>
        <source>Open deals and the weighted forecast</source>
        <translation>Сделки в работе и взвешенный прогноз</translation>
    </message>
    <message>
        <source>Won by owner, lost by reason</source>
        <translation>Успешные по ответственным, потери по причинам</translation>
    </message>
    <message>
        <source>Calls, meetings, to-dos per user</source>
        <translation>Звонки, встречи, задачи по сотрудникам</translation>
    </message>
    <message>
        <source>Overdue work and the next 7 days</source>
        <translation>Просроченное и ближайшие 7 дней</translation>
    </message>
    <message>
        <source>A day or a week, to print</source>
        <translation>День или неделя — для печати</translation>
    </message>
    <message>
        <source>Card, people, deals, history</source>
        <translation>Карточка, контакты, сделки, история</translation>
    </message>
    <message>
        <source>Segments, tags, forgotten clients</source>
        <translation>Сегменты, теги, забытые клиенты</translation>
    </message>
    <message>
        <source>No deal reached a stage of this pipeline in this period.</source>
        <translation>За этот период ни одна сделка не дошла до этапов этой воронки.</translation>
    </message>
    <message>
        <source>There are no open deals to forecast.</source>
        <translation>Нет сделок в работе для прогноза.</translation>
    </message>
    <message>
        <source>No deal was won or lost in this period.</source>
        <translation>За этот период нет ни успешных, ни проигранных сделок.</translation>
    </message>
    <message>
        <source>No calls, meetings, messages or to-dos in this period.</source>
        <translation>За этот период нет звонков, встреч, сообщений и задач.</translation>
    </message>
    <message>
        <source>No overdue or upcoming work.</source>
        <translation>Нет просроченных и предстоящих дел.</translation>
    </message>
    <message>
        <source>Nothing is planned for this period.</source>
        <translation>На этот период ничего не запланировано.</translation>
    </message>
    <message>
        <source>Nothing is known about this client yet.</source>
        <translation>Об этом клиенте пока ничего не известно.</translation>
    </message>
    <message>
        <source>No clients match these parameters.</source>
        <translation>Нет клиентов с такими параметрами.</translation>
    </message>
    <message>
        <source>The report found nothing.</source>
        <translation>Отчёт ничего не нашёл.</translation>
    </message>
    <message>
        <source>Double-click (or Enter) runs the report</source>
        <translation>Двойной щелчок (или Enter) — построить отчёт</translation>
    </message>
    <message>
        <source>Double-click (or Enter) reruns a template; right-click to rename or delete</source>
        <translation>Двойной щелчок (или Enter) — построить по шаблону; правый щелчок — переименовать или удалить</translation>
    </message>
    <message>
        <source>No templates yet: set the parameters, then “Save as template…”.</source>
        <translation>Шаблонов пока нет: задайте параметры, затем нажмите «Сохранить как шаблон…».</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Saved templates</source>
        <translation>Сохранённые шаблоны</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Построить</translation>
    </message>
    <message>
        <source>Compute the report with these parameters (Ctrl+R)</source>
        <translation>Построить отчёт с этими параметрами (Ctrl+R)</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Экспорт в PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>Экспорт в Excel…</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>Сохранить как шаблон…</translation>
    </message>
    <message>
        <source>Set the parameters and press Run.</source>
        <translation>Задайте параметры и нажмите «Построить».</translation>
    </message>
    <message>
        <source>The parameters changed while the report ran: press Run again.</source>
        <translation>Параметры изменились во время построения отчёта: нажмите «Построить» ещё раз.</translation>
    </message>
    <message>
        <source>The parameters changed: press Run to update.</source>
        <translation>Параметры изменились: нажмите «Построить», чтобы обновить отчёт.</translation>
    </message>
    <message>
        <source>Running the report…</source>
        <translation>Построение отчёта…</translation>
    </message>
    <message>
        <source>Running the report “%1”…</source>
        <translation>Построение отчёта «%1»…</translation>
    </message>
    <message>
        <source>The report was cancelled.</source>
        <translation>Построение отчёта отменено.</translation>
    </message>
    <message>
        <source>The report could not be computed.</source>
        <translation>Не удалось построить отчёт.</translation>
    </message>
    <message>
        <source>Export the report to PDF</source>
        <translation>Экспорт отчёта в PDF</translation>
    </message>
    <message>
        <source>Export the report to Excel</source>
        <translation>Экспорт отчёта в Excel</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Книги Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Exporting the report…</source>
        <translation>Экспорт отчёта…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Экспорт отменён.</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>Сохранить как шаблон</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Название шаблона:</translation>
    </message>
    <message>
        <source>A template named “%1” exists. Replace it?</source>
        <translation>Шаблон «%1» уже существует. Заменить его?</translation>
    </message>
    <message>
        <source>Template “%1” saved.</source>
        <translation>Шаблон «%1» сохранён.</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Rename the template</source>
        <translation>Переименовать шаблон</translation>
    </message>
    <message>
        <source>Delete the template</source>
        <translation>Удалить шаблон</translation>
    </message>
    <message>
        <source>Delete the template “%1”? The reports themselves stay.</source>
        <translation>Удалить шаблон «%1»? Сами отчёты останутся.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <source>Choose the backup to put in place of the base. What is in the base now is kept as a backup too. Backups are in %1.</source>
        <translation>Выберите резервную копию, которая заменит базу. Текущее содержимое базы тоже сохраняется в резервной копии. Резервные копии находятся в папке %1.</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Дата и время</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Organizations</source>
        <translation>Организации</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Проверена</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <source>Other file…</source>
        <translation>Другой файл…</translation>
    </message>
    <message>
        <source>There are no backups of this base yet: use File → Back up now.</source>
        <translation>Резервных копий этой базы пока нет: выберите Файл → Создать резервную копию.</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <source>The import is written all at once: cancelled, it leaves nothing behind.</source>
        <translation>Импорт записывается целиком: если его отменить, ничего не останется.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation>Сохранить в Excel…</translation>
    </message>
    <message>
        <source>The records are being written into the base.</source>
        <translation>Записи сохраняются в базу.</translation>
    </message>
    <message>
        <source>Importing “%1”…</source>
        <translation>Импорт файла «%1»…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>The import was cancelled. Nothing was written to the base.</source>
        <translation>Импорт отменён. В базу ничего не записано.</translation>
    </message>
    <message>
        <source>The import failed and nothing was written: %1</source>
        <translation>Импорт не удался, ничего не записано: %1</translation>
    </message>
    <message>
        <source>The import failed and nothing was written.</source>
        <translation>Импорт не удался, ничего не записано.</translation>
    </message>
    <message>
        <source>The base is as it was before the import.</source>
        <translation>База осталась в том же состоянии, что и до импорта.</translation>
    </message>
    <message>
        <source>The import is done. It can be undone from File → Import history.</source>
        <translation>Импорт завершён. Его можно отменить в меню Файл → История импорта.</translation>
    </message>
    <message>
        <source>%1 rows of “%2” imported.</source>
        <translation>Импортировано строк из файла «%2»: %1.</translation>
    </message>
    <message>
        <source>People: %1 new, %2 already in the base (%3 updated).</source>
        <translation>Контакты: новых — %1, уже в базе — %2 (обновлено — %3).</translation>
    </message>
    <message>
        <source>Organizations: %1 new, %2 already in the base (%3 updated).</source>
        <translation>Организации: новых — %1, уже в базе — %2 (обновлено — %3).</translation>
    </message>
    <message>
        <source>Phones added: %1; emails added: %2.</source>
        <translation>Добавлено телефонов: %1; добавлено email: %2.</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонена</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>С предупреждением</translation>
    </message>
    <message>
        <source>Rejected rows: %1; rows with warnings: %2.</source>
        <translation>Отклонено строк: %1; строк с предупреждениями: %2.</translation>
    </message>
    <message>
        <source>Save the import report</source>
        <translation>Сохранить отчёт об импорте</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved to “%1”.</source>
        <translation>Сохранено в файл «%1».</translation>
    </message>
</context>
<context>
    <name>Safety</name>
    <message>
        <source>it is open in another CRM Desktop</source>
        <translation>она открыта в другом экземпляре CRM Desktop</translation>
    </message>
    <message>
        <source>it is open in CRM Desktop on %1 by %2</source>
        <translation>она открыта в CRM Desktop на компьютере %1 пользователем %2</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Ежедневная</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Ручная</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>Перед импортом</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>Перед обновлением</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>Перед восстановлением</translation>
    </message>
    <message>
        <source>Before a merge</source>
        <translation>Перед объединением</translation>
    </message>
    <message>
        <source>Before: %1</source>
        <translation>Перед: %1</translation>
    </message>
    <message>
        <source>This base is open in CRM Desktop on %1 by %2 since %3.</source>
        <translation>Эта база открыта в CRM Desktop на компьютере %1 пользователем %2 с %3.</translation>
    </message>
    <message>
        <source>This base is open in another CRM Desktop.</source>
        <translation>Эта база открыта в другом экземпляре CRM Desktop.</translation>
    </message>
    <message>
        <source>Two programs writing one base would damage it. Close the base there and start again, or open it read-only here: you see everything, but changes cannot be saved.</source>
        <translation>Если две программы будут записывать в одну базу, она повредится. Закройте базу там и запустите программу снова или откройте базу здесь только для чтения: вы увидите все данные, но сохранить изменения будет нельзя.</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>Открыть только для чтения</translation>
    </message>
    <message>
        <source>Open another base…</source>
        <translation>Открыть другую базу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>This base is on a network share.</source>
        <translation>Эта база находится в сетевой папке.</translation>
    </message>
    <message>
        <source>CRM Desktop does not write a base file over the network: two computers writing one file corrupt it. Keep the file on this computer&apos;s disk, or let several computers share one base through a PostgreSQL server (server mode). The file can be opened read-only.</source>
        <translation>CRM Desktop не записывает файл базы по сети: если два компьютера пишут в один файл, он повреждается. Храните файл на диске этого компьютера или подключите несколько компьютеров к общей базе через сервер PostgreSQL (серверный режим). Файл можно открыть только для чтения.</translation>
    </message>
    <message>
        <source>%1 failed its integrity check. Nothing more is written to it: the damaged file is kept untouched (a restore keeps a copy of it aside in the backup folder), and until then the base is open read-only.</source>
        <translation>%1: проверка целостности не пройдена. Запись в файл прекращена: повреждённый файл остаётся нетронутым (при восстановлении его копия откладывается в папку резервных копий), а до тех пор база открыта только для чтения.</translation>
    </message>
    <message>
        <source>The base</source>
        <translation>База</translation>
    </message>
    <message>
        <source>Restore the newest verified backup
(%1, %2)</source>
        <translation>Восстановить последнюю проверенную резервную копию
(%1, %2)</translation>
    </message>
    <message>
        <source>No verified backup of this base was found in the backup folder.</source>
        <translation>В папке резервных копий не найдено ни одной проверенной копии этой базы.</translation>
    </message>
    <message>
        <source>Choose another backup…</source>
        <translation>Выбрать другую резервную копию…</translation>
    </message>
    <message>
        <source>Keep it read-only</source>
        <translation>Оставить только для чтения</translation>
    </message>
    <message>
        <source>The client base is damaged.</source>
        <translation>Клиентская база повреждена.</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>Выбор резервной копии</translation>
    </message>
    <message>
        <source>CRM Desktop backups (*.sqlite3 *.dump);;All files (*)</source>
        <translation>Резервные копии CRM Desktop (*.sqlite3 *.dump);;Все файлы (*)</translation>
    </message>
    <message>
        <source>the base is on a network share</source>
        <translation>база находится в сетевой папке</translation>
    </message>
    <message>
        <source>the base is damaged</source>
        <translation>база повреждена</translation>
    </message>
    <message>
        <source>the base was opened read-only</source>
        <translation>база открыта только для чтения</translation>
    </message>
    <message>
        <source>Read-only: %1. Changes cannot be saved.</source>
        <translation>Только для чтения: %1. Изменения сохранить нельзя.</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>The daily backup was not made: %1</source>
        <translation>Ежедневная резервная копия не создана: %1</translation>
    </message>
    <message>
        <source>Backup saved: %1 (%2)</source>
        <translation>Резервная копия сохранена: %1 (%2)</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Создание резервной копии…</translation>
    </message>
    <message>
        <source>Replace the base with the backup %1 (%2)? What is in the base now is kept as a backup too.</source>
        <translation>Заменить базу резервной копией %1 (%2)? Текущее содержимое базы тоже сохранится в резервной копии.</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Восстановление резервной копии…</translation>
    </message>
    <message>
        <source>Restored the backup of %1: %2.</source>
        <translation>Восстановлена резервная копия от %1: %2.</translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <translation>Повреждённый файл сохранён как %1.</translation>
    </message>
    <message>
        <source>The base is open for writing again.</source>
        <translation>База снова открыта для записи.</translation>
    </message>
    <message>
        <source>The base is still read-only: %1.</source>
        <translation>База по-прежнему открыта только для чтения: %1.</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>Создать &amp;резервную копию</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>&amp;Восстановить из резервной копии…</translation>
    </message>
    <message>
        <source>Backup &amp;settings…</source>
        <translation>Нас&amp;тройки резервного копирования…</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search: name, phone, email, INN, deal  (Ctrl+K)</source>
        <translation>Поиск: имя, телефон, email, ИНН, сделка  (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Organizations</source>
        <translation>Организации</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Database server</source>
        <translation>Сервер базы данных</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>Connected (PostgreSQL %1). A CRM Desktop base: %2 organizations, %3 persons, %4 deals. It can be used.</source>
        <translation>Подключено (PostgreSQL %1). База CRM Desktop: организаций — %2, контактов — %3, сделок — %4. Её можно использовать.</translation>
    </message>
    <message>
        <source>Connected (PostgreSQL %1). A base of an older CRM Desktop: it is upgraded when you use it. Back it up on the server first (pg_dump).</source>
        <translation>Подключено (PostgreSQL %1). База более старой версии CRM Desktop: при подключении она будет обновлена. Сначала сделайте её резервную копию на сервере (pg_dump).</translation>
    </message>
    <message>
        <source>Connected (PostgreSQL %1). The database is empty: create the schema to start a new base there, or copy your base into it with migrate-to-postgres.</source>
        <translation>Подключено (PostgreSQL %1). База данных пуста: создайте схему, чтобы начать в ней новую базу, или перенесите в неё свою базу с помощью migrate-to-postgres.</translation>
    </message>
    <message>
        <source>The database holds tables of another program. CRM Desktop needs an empty database or its own; nothing was changed.</source>
        <translation>В базе данных есть таблицы другой программы. CRM Desktop нужна пустая база данных или своя собственная; ничего не изменено.</translation>
    </message>
    <message>
        <source>The base on the server was written by a newer CRM Desktop. Install the newer version on this computer.</source>
        <translation>База на сервере создана более новой версией CRM Desktop. Установите новую версию на этот компьютер.</translation>
    </message>
    <message>
        <source>The server runs PostgreSQL %1, which is too old: CRM Desktop needs PostgreSQL 13 or newer.</source>
        <translation>На сервере установлен PostgreSQL %1 — это слишком старая версия: CRM Desktop нужен PostgreSQL 13 или новее.</translation>
    </message>
    <message>
        <source>The database is empty, but the user %5 may not create tables in it. The administrator makes %5 the owner of the database.</source>
        <translation>База данных пуста, но у пользователя %5 нет прав создавать в ней таблицы. Попросите администратора сделать %5 владельцем базы данных.</translation>
    </message>
    <message>
        <source>The search needs the pg_trgm extension, which this user cannot install. The administrator runs CREATE EXTENSION pg_trgm in the database.</source>
        <translation>Для поиска нужно расширение pg_trgm, а у этого пользователя нет прав его установить. Попросите администратора выполнить в базе данных CREATE EXTENSION pg_trgm.</translation>
    </message>
    <message>
        <source>This server is a read-only replica: connect to the main server.</source>
        <translation>Этот сервер — реплика только для чтения: подключитесь к основному серверу.</translation>
    </message>
    <message>
        <source>The server %6 is unknown: check its name, or use its IP address.</source>
        <translation>Сервер %6 не найден: проверьте его имя или укажите IP-адрес.</translation>
    </message>
    <message>
        <source>The server %6 cannot be reached (no answer): check the name, the network and the firewall.</source>
        <translation>Сервер %6 недоступен (нет ответа): проверьте имя, сеть и брандмауэр.</translation>
    </message>
    <message>
        <source>%6 answers, but PostgreSQL does not listen on port %7: check the port and that the server runs (listen_addresses).</source>
        <translation>%6 отвечает, но PostgreSQL не принимает подключения на порту %7: проверьте порт и то, что сервер запущен (listen_addresses).</translation>
    </message>
    <message>
        <source>The server refused the user name or the password of %5: check both.</source>
        <translation>Сервер отклонил имя пользователя или пароль %5: проверьте и то, и другое.</translation>
    </message>
    <message>
        <source>There is no database %8 on the server: check the name, or ask the administrator to create it.</source>
        <translation>На сервере нет базы данных %8: проверьте имя или попросите администратора создать её.</translation>
    </message>
    <message>
        <source>The server does not accept connections from this computer: the administrator adds it to pg_hba.conf.</source>
        <translation>Сервер не принимает подключения с этого компьютера: попросите администратора добавить его в pg_hba.conf.</translation>
    </message>
    <message>
        <source>The encrypted connection failed: choose another SSL mode, or ask the administrator about the server&apos;s certificate.</source>
        <translation>Не удалось установить зашифрованное подключение: выберите другой режим SSL или уточните у администратора сертификат сервера.</translation>
    </message>
    <message>
        <source>The connection is encrypted (SSL).</source>
        <translation>Подключение зашифровано (SSL).</translation>
    </message>
    <message>
        <source>The connection is not encrypted.</source>
        <translation>Подключение не зашифровано.</translation>
    </message>
    <message>
        <source>PostgreSQL server %1</source>
        <translation>Сервер PostgreSQL %1</translation>
    </message>
    <message>
        <source>the local file %1</source>
        <translation>локальный файл %1</translation>
    </message>
    <message>
        <source>Database &amp;server…</source>
        <translation>&amp;Сервер базы данных…</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>The database server cannot be used now.</source>
        <translation>Сервер базы данных сейчас недоступен.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Open the local file</source>
        <translation>Открыть локальный файл</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Подключение к %1…</translation>
    </message>
</context>
<context>
    <name>ServerWatch</name>
    <message>
        <source>The database server does not answer; trying again in a moment.</source>
        <translation>Сервер базы данных не отвечает; скоро будет повторная попытка.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Images (%1)</source>
        <translation>Изображения (%1)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>The settings cannot be saved: %1.</source>
        <translation>Не удаётся сохранить настройки: %1.</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <source>Sheet and header row</source>
        <translation>Лист и строка заголовков</translation>
    </message>
    <message>
        <source>The highlighted row holds the column headers. Rows above it (a report title) are left out; group and total rows of a report are skipped.</source>
        <translation>В выделенной строке — заголовки колонок. Строки над ней (заголовок отчёта) не импортируются; строки групп и итогов отчёта пропускаются.</translation>
    </message>
    <message>
        <source>Two-level header (the row above names groups of columns)</source>
        <translation>Двухуровневый заголовок (строка выше содержит названия групп колонок)</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Лист:</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>Строка заголовков:</translation>
    </message>
    <message numerus="yes">
        <source>Import all %n sheets (the columns of each are matched by its headers)</source>
        <translation>
            <numerusform>Импортировать все листы — %n (колонки каждого сопоставляются по его заголовкам)</numerusform>
            <numerusform>Импортировать все %n листа (колонки каждого сопоставляются по его заголовкам)</numerusform>
            <numerusform>Импортировать все %n листов (колонки каждого сопоставляются по его заголовкам)</numerusform>
        </translation>
    </message>
    <message>
        <source>No header row was found.</source>
        <translation>Строка заголовков не найдена.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Switch user</source>
        <translation>Смена пользователя</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Base: %1</source>
        <translation>База: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Введите логин.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Wrong login or password, or the user is blocked. Try again.</source>
        <translation>Неверный логин или пароль, либо пользователь заблокирован. Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>StageHistoryModel</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Вероятность</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Created in “%1”</source>
        <translation>Создана на этапе «%1»</translation>
    </message>
</context>
<context>
    <name>StagesModel</name>
    <message>
        <source>(no name)</source>
        <translation>(без названия)</translation>
    </message>
    <message>
        <source>1 deal</source>
        <translation>1 сделка</translation>
    </message>
    <message numerus="yes">
        <source>%n deals</source>
        <translation>
            <numerusform>%n сделка</numerusform>
            <numerusform>%n сделки</numerusform>
            <numerusform>%n сделок</numerusform>
        </translation>
    </message>
    <message>
        <source>Drag to change the order</source>
        <translation>Перетащите, чтобы изменить порядок</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Завтра</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>На этой неделе</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Без даты</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>%1 (showing %2 of %3)</source>
        <translation>%1 (показано %2 из %3)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>Весь день</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Done: tick to mark an activity done</source>
        <translation>Выполнено: отметьте, чтобы завершить дело</translation>
    </message>
    <message>
        <source>Mark as planned again</source>
        <translation>Снова отметить как запланированное</translation>
    </message>
    <message>
        <source>Mark as done</source>
        <translation>Отметить как выполненное</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Повторяется</translation>
    </message>
    <message>
        <source>Checklist: %1 of %2 done</source>
        <translation>Чек-лист: выполнено %1 из %2</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Результат: %1</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Tasks</source>
        <translation>Задачи</translation>
    </message>
    <message>
        <source>Show &amp;done</source>
        <translation>Показывать &amp;выполненные</translation>
    </message>
    <message>
        <source>Also list the tasks done lately</source>
        <translation>Показывать также недавно выполненные задачи</translation>
    </message>
    <message>
        <source>&amp;New task…</source>
        <translation>&amp;Новая задача…</translation>
    </message>
    <message>
        <source>Plan a task for today</source>
        <translation>Запланировать задачу на сегодня</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Mark &amp;done…</source>
        <translation>&amp;Завершить…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>No tasks match the filter.</source>
        <translation>Нет задач, подходящих под фильтр.</translation>
    </message>
    <message>
        <source>No tasks planned. Plan one with “New task”.</source>
        <translation>Задач пока нет. Запланируйте задачу кнопкой «Новая задача».</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Пользователи…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Журнал изменений…</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>С&amp;менить пользователя…</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>Сменить свой па&amp;роль…</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>С&amp;ервис</translation>
    </message>
    <message>
        <source>Undo the last &amp;handover…</source>
        <translation>Отменить последнюю перед&amp;ачу…</translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation>Пере&amp;дать…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>CRM Desktop — %1</source>
        <translation>CRM Desktop — %1</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал изменений</translation>
    </message>
    <message>
        <source>Only an administrator can read the audit log.</source>
        <translation>Журнал изменений доступен только администратору.</translation>
    </message>
    <message>
        <source>Undo handover</source>
        <translation>Отмена передачи</translation>
    </message>
    <message>
        <source>There is no handover to undo.</source>
        <translation>Нет передачи, которую можно отменить.</translation>
    </message>
    <message>
        <source>Undo “%1” of %2? Records handed on again since stay where they are.</source>
        <translation>Отменить «%1» от %2? Записи, которые с тех пор были переданы повторно, останутся у текущих ответственных.</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Письмо</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>Презентация</translation>
    </message>
    <message>
        <source>Negotiations</source>
        <translation>Переговоры</translation>
    </message>
    <message>
        <source>To-do</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>Новая сделка</translation>
    </message>
    <message>
        <source>Deal stage changed</source>
        <translation>Изменён этап сделки</translation>
    </message>
    <message>
        <source>Card changed</source>
        <translation>Карточка изменена</translation>
    </message>
    <message>
        <source>Cards merged</source>
        <translation>Карточки объединены</translation>
    </message>
    <message>
        <source>Moved to the trash</source>
        <translation>Перемещено в корзину</translation>
    </message>
    <message>
        <source>Restored from the trash</source>
        <translation>Восстановлено из корзины</translation>
    </message>
    <message>
        <source>Card created</source>
        <translation>Карточка создана</translation>
    </message>
    <message>
        <source>name</source>
        <translation>название</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>фамилия</translation>
    </message>
    <message>
        <source>first name</source>
        <translation>имя</translation>
    </message>
    <message>
        <source>middle name</source>
        <translation>отчество</translation>
    </message>
    <message>
        <source>organization</source>
        <translation>организация</translation>
    </message>
    <message>
        <source>position</source>
        <translation>должность</translation>
    </message>
    <message>
        <source>department</source>
        <translation>отдел</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <source>city</source>
        <translation>город</translation>
    </message>
    <message>
        <source>website</source>
        <translation>сайт</translation>
    </message>
    <message>
        <source>industry</source>
        <translation>отрасль</translation>
    </message>
    <message>
        <source>segment</source>
        <translation>сегмент</translation>
    </message>
    <message>
        <source>source</source>
        <translation>источник</translation>
    </message>
    <message>
        <source>interests</source>
        <translation>интересы</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>заметки</translation>
    </message>
    <message>
        <source>key client</source>
        <translation>ключевой клиент</translation>
    </message>
    <message>
        <source>responsible manager</source>
        <translation>ответственный</translation>
    </message>
    <message>
        <source>phones</source>
        <translation>телефоны</translation>
    </message>
    <message>
        <source>emails</source>
        <translation>email</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>теги</translation>
    </message>
    <message>
        <source>birthday</source>
        <translation>день рождения</translation>
    </message>
    <message>
        <source>Changed %1</source>
        <translation>Изменено: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Предстоящие</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <source>Earlier this week</source>
        <translation>Ранее на этой неделе</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>tomorrow, %1</source>
        <translation>завтра, %1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Запланировано</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Выиграна</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Проиграна</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>Контакт: %1</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>Автор: %1</translation>
    </message>
    <message>
        <source>Overdue: planned and not done yet</source>
        <translation>Просрочено: запланировано и ещё не выполнено</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>&amp;New activity…</source>
        <translation>&amp;Новое дело…</translation>
    </message>
    <message>
        <source>Plan a call, a meeting or a to-do</source>
        <translation>Запланировать звонок, встречу или задачу</translation>
    </message>
    <message>
        <source>Nothing planned for today</source>
        <translation>На сегодня ничего не запланировано</translation>
    </message>
    <message>
        <source>No calls, meetings or tasks are waiting. A good moment to call a client.</source>
        <translation>Звонков, встреч и задач пока нет. Хороший момент, чтобы позвонить клиенту.</translation>
    </message>
    <message>
        <source>&amp;Plan a call…</source>
        <translation>&amp;Запланировать звонок…</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
</context>
<context>
    <name>TrashModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удалено</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Дело</translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Trash</source>
        <translation>Корзина</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>Удалить навсегда…</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>Корзина пуста.</translation>
    </message>
    <message>
        <source>Deleted cards stay here with their history until you delete them permanently.</source>
        <translation>Удалённые карточки хранятся здесь вместе с историей, пока вы не удалите их навсегда.</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>Удалить навсегда</translation>
    </message>
    <message>
        <source>Delete %1 permanently? This cannot be undone.</source>
        <translation>Удалить %1 навсегда? Это действие нельзя отменить.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>New user</source>
        <translation>Новый пользователь</translation>
    </message>
    <message>
        <source>Edit user</source>
        <translation>Редактирование пользователя</translation>
    </message>
    <message>
        <source>May export lists and reports</source>
        <translation>Может экспортировать списки и отчёты</translation>
    </message>
    <message>
        <source>Active (may sign in)</source>
        <translation>Активен (может входить в программу)</translation>
    </message>
    <message>
        <source>At least %1 characters.</source>
        <translation>Не менее %1 символов.</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Роль:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>П&amp;овтор:</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same one twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Менеджер</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Помощник</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>Only an administrator can manage users.</source>
        <translation>Управлять пользователями может только администратор.</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>Смена пароля</translation>
    </message>
    <message>
        <source>Type your current password, then the new one twice.</source>
        <translation>Введите текущий пароль, а затем дважды новый.</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Добавить…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Block</source>
        <translation>&amp;Заблокировать</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Сбросить &amp;пароль…</translation>
    </message>
    <message>
        <source>&amp;Hand over all clients…</source>
        <translation>П&amp;ередать всех клиентов…</translation>
    </message>
    <message>
        <source>Un&amp;block</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <source>&lt;b&gt;Team mode is on.&lt;/b&gt; Everyone signs in with a login and password and sees what their role allows.</source>
        <translation>&lt;b&gt;Командный режим включён.&lt;/b&gt; Каждый входит по логину и паролю и видит то, что разрешено его ролью.</translation>
    </message>
    <message>
        <source>Switch team mode off…</source>
        <translation>Выключить командный режим…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Solo mode.&lt;/b&gt; Nobody signs in. Switch team mode on to give each person a login, a role and their own clients.</source>
        <translation>&lt;b&gt;Однопользовательский режим.&lt;/b&gt; Вход не требуется. Включите командный режим, чтобы выдать каждому сотруднику логин, роль и его собственных клиентов.</translation>
    </message>
    <message>
        <source>Switch team mode on…</source>
        <translation>Включить командный режим…</translation>
    </message>
    <message>
        <source>Block user</source>
        <translation>Блокировка пользователя</translation>
    </message>
    <message>
        <source>Block %1? They will not be able to sign in; their records stay.</source>
        <translation>Заблокировать пользователя %1? Он не сможет войти в программу; его записи сохранятся.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Сброс пароля</translation>
    </message>
    <message>
        <source>A new password for %1. Tell it to them; they can change it later.</source>
        <translation>Новый пароль для пользователя %1. Сообщите его пользователю — позже он сможет сменить пароль.</translation>
    </message>
    <message>
        <source>Team mode</source>
        <translation>Командный режим</translation>
    </message>
    <message>
        <source>Switch team mode off? Nobody will need to sign in and everyone using this base will see every record. Users and passwords are kept.</source>
        <translation>Выключить командный режим? Входить в программу больше не потребуется, и все, кто работает с этой базой, будут видеть все записи. Пользователи и пароли сохранятся.</translation>
    </message>
    <message>
        <source>Switch team mode on</source>
        <translation>Включение командного режима</translation>
    </message>
    <message>
        <source>Set your own login and password first: you are the administrator and will sign in with them. Then add the people of your team.</source>
        <translation>Сначала задайте свои логин и пароль: вы — администратор и будете входить с ними. Затем добавьте сотрудников своей команды.</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокирован</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>Без пароля</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>May export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Вход</translation>
    </message>
</context>
<context>
    <name>WonDialog</name>
    <message>
        <source>Close the deal as won</source>
        <translation>Закрыть сделку как успешную</translation>
    </message>
    <message>
        <source>Congratulations! Confirm the final amount and the closing date.</source>
        <translation>Поздравляем! Подтвердите итоговую сумму и дату закрытия.</translation>
    </message>
    <message>
        <source>Was %1 on the deal</source>
        <translation>В сделке было: %1</translation>
    </message>
    <message>
        <source>The day the deal was won (not later than today)</source>
        <translation>День успешного закрытия сделки (не позже сегодняшнего)</translation>
    </message>
    <message>
        <source>Final &amp;amount:</source>
        <translation>Итоговая &amp;сумма:</translation>
    </message>
    <message>
        <source>&amp;Closed on:</source>
        <translation>&amp;Дата закрытия:</translation>
    </message>
    <message>
        <source>Close as &amp;won</source>
        <translation>&amp;Закрыть как успешную</translation>
    </message>
</context>
<context>
    <name>_PersonRow</name>
    <message>
        <source>Open the card of %1</source>
        <translation>Открыть карточку: %1</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>Sales funnel</source>
        <translation>Воронка продаж</translation>
    </message>
    <message>
        <source>Pipeline and forecast</source>
        <translation>Воронка и прогноз</translation>
    </message>
    <message>
        <source>Won and lost deals</source>
        <translation>Успешные и нереализованные сделки</translation>
    </message>
    <message>
        <source>Manager activity</source>
        <translation>Активность менеджеров</translation>
    </message>
    <message>
        <source>Overdue and upcoming work</source>
        <translation>Просроченные и предстоящие дела</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Список дел</translation>
    </message>
    <message>
        <source>Client dossier</source>
        <translation>Досье клиента</translation>
    </message>
    <message>
        <source>Client base</source>
        <translation>Клиентская база</translation>
    </message>
    <message>
        <source>Deals that reached each stage</source>
        <translation>Сделки, дошедшие до каждого этапа</translation>
    </message>
    <message>
        <source>Where lost deals dropped out</source>
        <translation>На каком этапе теряются сделки</translation>
    </message>
    <message>
        <source>Open deals by stage</source>
        <translation>Открытые сделки по этапам</translation>
    </message>
    <message>
        <source>Open deals by owner</source>
        <translation>Открытые сделки по ответственным</translation>
    </message>
    <message>
        <source>Weighted forecast by month of expected close</source>
        <translation>Взвешенный прогноз по месяцам ожидаемого закрытия</translation>
    </message>
    <message>
        <source>Weighted forecast by month</source>
        <translation>Взвешенный прогноз по месяцам</translation>
    </message>
    <message>
        <source>Won by owner</source>
        <translation>Успешные по ответственным</translation>
    </message>
    <message>
        <source>Won by month</source>
        <translation>Успешные по месяцам</translation>
    </message>
    <message>
        <source>Won and lost</source>
        <translation>Успешные и нереализованные</translation>
    </message>
    <message>
        <source>Lost by reason</source>
        <translation>Нереализованные по причинам</translation>
    </message>
    <message>
        <source>Lost by competitor</source>
        <translation>Нереализованные по конкурентам</translation>
    </message>
    <message>
        <source>Activity by user and day</source>
        <translation>Активность по пользователям и дням</translation>
    </message>
    <message>
        <source>Activity by user and week</source>
        <translation>Активность по пользователям и неделям</translation>
    </message>
    <message>
        <source>Activity by user and month</source>
        <translation>Активность по пользователям и месяцам</translation>
    </message>
    <message>
        <source>Activity by user</source>
        <translation>Активность по пользователям</translation>
    </message>
    <message>
        <source>Overdue and upcoming work by user</source>
        <translation>Просроченные и предстоящие дела по пользователям</translation>
    </message>
    <message>
        <source>Clients by segment</source>
        <translation>Клиенты по сегментам</translation>
    </message>
    <message>
        <source>Clients by tag</source>
        <translation>Клиенты по тегам</translation>
    </message>
    <message>
        <source>Clients by city</source>
        <translation>Клиенты по городам</translation>
    </message>
    <message>
        <source>Clients by owner</source>
        <translation>Клиенты по ответственным</translation>
    </message>
    <message>
        <source>Clients not contacted lately</source>
        <translation>Клиенты без контакта в последнее время</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Карточка</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Контактные лица</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>Открытые сделки</translation>
    </message>
    <message>
        <source>Planned work</source>
        <translation>Запланированные дела</translation>
    </message>
    <message>
        <source>Recent history</source>
        <translation>Недавняя история</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Дошло</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Conversion to next stage</source>
        <translation>Конверсия</translation>
    </message>
    <message>
        <source>Won of those that reached the first stage</source>
        <translation>Итого успешных</translation>
    </message>
    <message>
        <source>Last open stage</source>
        <translation>Последний открытый этап</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Проиграно</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>Взвешенная сумма</translation>
    </message>
    <message>
        <source>Won deals</source>
        <translation>Успешные сделки</translation>
    </message>
    <message>
        <source>Won amount</source>
        <translation>Сумма успешных</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Loss reason</source>
        <translation>Причина отказа</translation>
    </message>
    <message>
        <source>Competitor</source>
        <translation>Конкурент</translation>
    </message>
    <message>
        <source>Incoming calls</source>
        <translation>Входящие звонки</translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation>Исходящие звонки</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>Встречи</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Письма</translation>
    </message>
    <message>
        <source>To-dos done</source>
        <translation>Выполненные задачи</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Deals moved</source>
        <translation>Перемещённые сделки</translation>
    </message>
    <message>
        <source>New clients</source>
        <translation>Новые клиенты</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>Ближайшие 7 дней</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Окончание</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Organizations</source>
        <translation>Организации</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Последний контакт</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Amount in base currency</source>
        <translation>Сумма в базовой валюте</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Ожидаемое закрытие</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>Stage change</source>
        <translation>Смена этапа</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>В работе</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Успешно</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Неизвестно</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Без ответственного</translation>
    </message>
    <message>
        <source>No reason</source>
        <translation>Причина не указана</translation>
    </message>
    <message>
        <source>No competitor</source>
        <translation>Конкурент не указан</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Без даты</translation>
    </message>
    <message>
        <source>No segment</source>
        <translation>Без сегмента</translation>
    </message>
    <message>
        <source>No tag</source>
        <translation>Без тега</translation>
    </message>
    <message>
        <source>No city</source>
        <translation>Город не указан</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Письмо</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>Презентация</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>Переговоры</translation>
    </message>
    <message>
        <source>To-do</source>
        <translation>Задача</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Ответственные</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>По состоянию на</translation>
    </message>
    <message>
        <source>Not contacted for, days</source>
        <translation>Без контакта, дней</translation>
    </message>
    <message>
        <source>All pipelines</source>
        <translation>Все воронки</translation>
    </message>
    <message>
        <source>Everybody</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Эта неделя</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Прошлая неделя</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Прошлый месяц</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>Этот квартал</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Этот год</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>No pipeline</source>
        <translation>Без воронки</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Нет данных</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Прочие</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 rows.</source>
        <translation>Показаны первые %1 из %2 строк.</translation>
    </message>
</context>
</TS>
